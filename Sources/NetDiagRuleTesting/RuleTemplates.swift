/// The text `netdiag rules new` writes.
enum RuleTemplates {
    static func rule(_ s: RuleScaffold) -> String {
        let endpoint = s.side == .source ? "source" : "destination"
        let p = s.reasonPrefix
        return """
        -- \(s.id): TODO one line saying what this check proves.
        -- Scaffolded by `netdiag rules new`. The example check below passes when the \(endpoint)'s
        -- network interface is in use; replace it with yours. See docs/rule-authoring.md (walkthrough)
        -- and docs/rule-api.md (every field of ctx, the net helpers, the sandbox).
        -- Test it:  netdiag rules test --filter \(s.id)
        -- Try it:   netdiag rules run \(s.id) --inventory examples/region --source i-… --destination i-… --protocol tcp --port 22

        -- Metadata first: the host reads and validates these globals when it loads the file.
        id          = "\(s.id)"
        title       = "TODO: what must hold, e.g. The \(endpoint) network interface is in use"
        category    = "\(s.category)"
        severity    = "critical"          -- a critical fail makes the path Unconnectable; else "non-critical"
        applies_to  = { side = "\(s.side.rawValue)", objects = { "instance", "eni" } }
        description = "TODO: advice shown by `netdiag rules show`: what is checked, and why it matters."
        order       = 100                 -- position within its side; smaller runs first
        reasons = {                       -- every code check() may report, with its meaning
          \(p)_OK = "The \(endpoint) network interface is in use.",
          \(p)_NOT_IN_USE = {
            meaning = "The \(endpoint) network interface is not in use, so it carries no traffic.",
            suggestion = "Attach the network interface to a running instance.",
          },
        }

        -- Optional: false leaves the rule out of the report for this path (that is not a skip).
        function applies(ctx)
          return ctx.\(endpoint).interface ~= nil
        end

        -- Required: return pass{…}, fail{…}, warn{…} or skip{…}, or a list of them.
        function check(ctx)
          local eni = ctx.\(endpoint).interface
          log("checking " .. eni.id .. ": status " .. tostring(eni.status))  -- stderr with --verbose
          if eni.status == "InUse" then
            return pass {
              reason = "\(p)_OK",
              message = eni.id .. " is in use",
              evidence = { networkInterface = eni.id, status = eni.status },
            }
          end
          return fail {
            reason = "\(p)_NOT_IN_USE",
            message = eni.id .. " is " .. tostring(eni.status) .. ", not in use",
            evidence = { networkInterface = eni.id, status = eni.status },
            suggestion = "Attach " .. eni.id .. " to a running instance so that its status becomes InUse.",
          }
        end

        """
    }

    static func passingCase(_ s: RuleScaffold) -> String {
        let eni = s.side == .source ? "eni-a" : "eni-b"
        return """
        description: \(s.id) passes when the network interface is in use
        # A tiny inline inventory in the YAML inventory format (docs/inventory-format.md). Cases may
        # instead share one: `inventory: ../inventories/<name>.yaml` (relative to this file).
        region:
          regionId: cn-hangzhou
          vpcs:
          - {id: vpc-1, cidr: 10.0.0.0/16}
          vswitches:
          - {id: vsw-1, vpcId: vpc-1, cidr: 10.0.1.0/24}
          securityGroups:
          - id: sg-1
            type: normal
            vpcId: vpc-1
            rules:
            - {id: sgr-ssh, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 22/22, cidr: 10.0.0.0/16}
          routeTables:
          - id: vtb-1
            type: System
            vpcId: vpc-1
            entries:
            - {id: vte-local, destination: 10.0.1.0/24, type: System, nextHops: [{type: local}]}
          instances:
          - {id: i-a, status: Running, vpcId: vpc-1, vswitchId: vsw-1, primaryEniId: eni-a, privateIps: [10.0.1.10], securityGroupIds: [sg-1]}
          - {id: i-b, status: Running, vpcId: vpc-1, vswitchId: vsw-1, primaryEniId: eni-b, privateIps: [10.0.1.11], securityGroupIds: [sg-1]}
          networkInterfaces:
          - {id: eni-a, type: Primary, status: InUse, instanceId: i-a, vpcId: vpc-1, vswitchId: vsw-1, primaryIp: 10.0.1.10, securityGroupIds: [sg-1]}
          - {id: eni-b, type: Primary, status: InUse, instanceId: i-b, vpcId: vpc-1, vswitchId: vsw-1, primaryIp: 10.0.1.11, securityGroupIds: [sg-1]}
        path: { source: i-a, destination: i-b, protocol: tcp, port: 22 }
        expect:
          findings:
            \(s.id):
              status: pass
              reason: \(s.reasonPrefix)_OK
              evidence: { networkInterface: \(eni) }

        """
    }
}
