/// The hosts of the ground-truth suite: each one a network namespace `ndgt-<name>` on a private
/// bridge (inside namespace `ndgt-sw`, so nothing touches the host's own network), with a real
/// iptables and/or nftables rule set. Clients connect; servers listen on `GroundTruth.listeners`.
struct GroundTruthHost {
    var name: String
    var address: String
    var iptables: String?
    var nft: String?
    var isServer: Bool
    /// What netdiag reads as this host's iptables-save.txt instead of the collected dump: the
    /// rule file itself (iptables-restore commands), with lines the kernel never saw.
    var netdiagIptables: String? = nil
    /// The attempts (protocol, port) to this server that netdiag must call undecidable (warn).
    var undecidable: [(proto: String, port: Int)] = []

    var namespace: String { "ndgt-\(name)" }
    var instanceId: String { "i-ndgt-\(name)" }
    var eniId: String { "eni-ndgt-\(name)" }
}

/// What every server listens on: (protocol, bind address or nil for its own, port).
/// Loopback-only and unbound ports make the listening item decide too.
enum GroundTruthListeners {
    static let specs: [(proto: String, bind: String?, port: Int)] = [
        ("tcp", "0.0.0.0", 22), ("tcp", "0.0.0.0", 8080), ("tcp", nil, 8443), ("tcp", "127.0.0.1", 9000),
        ("udp", "0.0.0.0", 5353), ("udp", "127.0.0.1", 5454),
    ]
    /// The ports every client tries on every server (tcp 7000: nothing listens; icmp: a ping).
    static let attempts: [(proto: String, port: Int)] = [
        ("tcp", 22), ("tcp", 8080), ("tcp", 8443), ("tcp", 9000), ("tcp", 7000), ("udp", 5353), ("udp", 5454),
        ("icmp", -1),
    ]
}

enum GroundTruthTopology {
    static let hosts: [GroundTruthHost] = [
        // c1: no firewall at all.
        GroundTruthHost(name: "c1", address: "10.99.0.11", isServer: false),
        // c2: OUTPUT policy DROP; multiport with -d, --sport range, -o, LOG then REJECT; state.
        GroundTruthHost(name: "c2", address: "10.99.0.12", iptables: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT DROP [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -m state --state ESTABLISHED -j ACCEPT
            -A OUTPUT -d 10.99.0.0/24 -p tcp -m multiport --dports 22,8080,9000,7000 -j ACCEPT
            -A OUTPUT -p tcp -m tcp --sport 1024:65535 --dport 8443 -j ACCEPT
            -A OUTPUT -o eth0 -p udp -m udp --dport 5353 -j ACCEPT
            -A OUTPUT -p udp -j LOG --log-prefix "ndgt-out "
            -A OUTPUT -p udp -j REJECT --reject-with icmp-port-unreachable
            COMMIT
            """, isServer: false),
        // c3: nft output with a named address set and oifname reject; input drops all but replies.
        GroundTruthHost(name: "c3", address: "10.99.0.13", nft: """
            table inet c3 {
              set blocked_dst { type ipv4_addr; elements = { 10.99.0.23, 10.99.0.27 } }
              chain output {
                type filter hook output priority 0; policy accept;
                ip daddr @blocked_dst tcp dport 8080 counter drop
                oifname "eth0" udp dport 5454 reject
              }
              chain input {
                type filter hook input priority 0; policy drop;
                iifname "lo" accept
                ct state established,related accept
              }
            }
            """, isServer: false),
        // c4: replies let in only from tcp port 22, and udp from anyone but 10.99.0.24.
        GroundTruthHost(name: "c4", address: "10.99.0.14", iptables: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --sport 22 -m conntrack --ctstate ESTABLISHED -j ACCEPT
            -A INPUT ! -s 10.99.0.24/32 -p udp -j ACCEPT
            COMMIT
            """, isServer: false),
        // c5: replies let in by port, not by state: only the kernel's ephemeral range (this
        // namespace's ip_local_port_range, 32768-60999, which the agent collects) and pings' replies.
        GroundTruthHost(name: "c5", address: "10.99.0.15", iptables: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 32768:60999 -j ACCEPT
            -A INPUT -p udp -m udp --dport 32768:60999 -j ACCEPT
            -A INPUT -p icmp -m icmp --icmp-type echo-reply -j ACCEPT
            COMMIT
            """, isServer: false),
        // s1: policy DROP, LOG, a user chain by jump with RETURN, multiport, REJECT.
        GroundTruthHost(name: "s1", address: "10.99.0.21", iptables: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :WEB - [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ndgt-ssh "
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 8080,8443,9000 -j WEB
            -A INPUT -p udp -m udp --dport 5353 -j REJECT --reject-with icmp-port-unreachable
            -A INPUT -p udp -j ACCEPT
            -A WEB -s 10.99.0.13/32 -j RETURN
            -A WEB -j ACCEPT
            COMMIT
            """, isServer: true),
        // s2: negated source, iprange + REJECT tcp-reset, -i, goto (falling off returns past INPUT).
        GroundTruthHost(name: "s2", address: "10.99.0.22", iptables: """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :UDPCHK - [0:0]
            -A INPUT ! -s 10.99.0.11/32 -p tcp -m tcp --dport 22 -j DROP
            -A INPUT -p tcp -m tcp --dport 8080 -m iprange --src-range 10.99.0.12-10.99.0.13 -j REJECT --reject-with tcp-reset
            -A INPUT -i eth0 -p tcp -m tcp --dport 8443 -j DROP
            -A INPUT -p udp -g UDPCHK
            -A INPUT -p udp -j DROP
            -A UDPCHK -s 10.99.0.12/32 -j DROP
            COMMIT
            """, isServer: true),
        // s3: OUTPUT policy DROP: replies pass for tcp, and for udp except towards c2 (negated -d).
        GroundTruthHost(name: "s3", address: "10.99.0.23", iptables: """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT DROP [0:0]
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -p tcp -m conntrack --ctstate ESTABLISHED -j ACCEPT
            -A OUTPUT ! -d 10.99.0.12/32 -p udp -m state --state ESTABLISHED -j ACCEPT
            COMMIT
            """, isServer: true),
        // s4: nft named sets (ports, an address interval), anonymous set, jump/return, goto, reject, !=.
        GroundTruthHost(name: "s4", address: "10.99.0.24", nft: """
            table inet filter {
              set allowed_tcp { type inet_service; elements = { 22, 8080, 9000 } }
              set trusted { type ipv4_addr; flags interval; elements = { 10.99.0.11, 10.99.0.12-10.99.0.13 } }
              chain input {
                type filter hook input priority 0; policy drop;
                iifname "lo" accept
                ct state established,related accept
                ip saddr @trusted tcp dport @allowed_tcp accept
                udp dport { 5353, 5454 } jump udpin
                tcp dport 8443 goto tls
              }
              chain udpin {
                ip saddr 10.99.0.13 return
                accept
              }
              chain tls {
                ip saddr != 10.99.0.11 reject
                accept
              }
              chain output { type filter hook output priority 0; policy accept; }
            }
            """, isServer: true),
        // s5: two input base chains in two tables (priority -10 then 10), and an output chain
        // dropping udp replies from 5353.
        GroundTruthHost(name: "s5", address: "10.99.0.25", nft: """
            table ip b {
              chain in2 {
                type filter hook input priority 10; policy drop;
                ct state established accept
                meta l4proto tcp tcp dport { 22, 8080, 9000 } accept
                meta l4proto udp accept
              }
              chain out {
                type filter hook output priority 0; policy accept;
                oifname "eth0" udp sport 5353 ct state established counter drop
              }
            }
            table inet a {
              chain in1 {
                type filter hook input priority -10; policy accept;
                tcp dport 22 accept
                ip saddr 10.99.0.12 drop
              }
            }
            """, isServer: true),
        // s6: iptables (iptables-nft here) and a separate nft table, both on the input hook.
        GroundTruthHost(name: "s6", address: "10.99.0.26", iptables: """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --dport 8080 -j DROP
            COMMIT
            """, nft: """
            table inet extra {
              chain input { type filter hook input priority 5; policy accept; tcp dport 22 drop; }
            }
            """, isServer: true),
        // s7: TCP flags (--syn, --tcp-flags), a rate-limited LOG, addrtype.
        GroundTruthHost(name: "s7", address: "10.99.0.27", iptables: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -m limit --limit 5/min -j LOG --log-prefix "ndgt-syn "
            -A INPUT -p tcp -m tcp --dport 22 --syn -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 8080 --tcp-flags SYN,ACK,FIN,RST SYN -j ACCEPT
            -A INPUT -p udp -m addrtype --dst-type LOCAL -j ACCEPT
            COMMIT
            """, isServer: true),
        // s8: no firewall: only the listeners decide.
        GroundTruthHost(name: "s8", address: "10.99.0.28", isServer: true),
        // s9: raw PREROUTING drops 8443; nat PREROUTING redirects 7000 to 8080, DNATs 9000 to its
        // own :22, redirects udp 5454 from c4 to 5353; INPUT accepts by --ctstate DNAT and
        // --ctorigdstport; OUTPUT lets replies out only from the translated ports.
        GroundTruthHost(name: "s9", address: "10.99.0.31", iptables: """
            *raw
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A PREROUTING -p tcp -m tcp --dport 8443 -j DROP
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -p tcp -m tcp --dport 7000 -j REDIRECT --to-ports 8080
            -A PREROUTING -p tcp -m tcp --dport 9000 -j DNAT --to-destination 10.99.0.31:22
            -A PREROUTING -s 10.99.0.14/32 -p udp -m udp --dport 5454 -j REDIRECT --to-ports 5353
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT DROP [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport 7000 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 8443 -j ACCEPT
            -A INPUT -p udp -m udp --dport 5353 -j ACCEPT
            -A INPUT -p icmp -m icmp --icmp-type echo-request -j ACCEPT
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -p icmp -m icmp --icmp-type 0 -j ACCEPT
            -A OUTPUT -p tcp -m tcp --sport 22 -j ACCEPT
            -A OUTPUT -p tcp -m tcp --sport 8080 -j ACCEPT
            -A OUTPUT -p udp -m udp --sport 5353 -j ACCEPT
            COMMIT
            """, isServer: true),
        // s10: an iptables-restore file (flush, policy, insert, delete, a quoted "!" comment) that
        // netdiag reads as is, plus a line the kernel never saw and netdiag cannot read, at the
        // end of INPUT: what is decided before it must agree with the kernel, the rest is undecidable.
        GroundTruthHost(name: "s10", address: "10.99.0.32", iptables: s10Rules, isServer: true,
                        netdiagIptables: s10Rules.replacingOccurrences(
                            of: "\nCOMMIT", with: "\n-A INPUT -p tcp -m comment --comment \"unterminated -j DROP\nCOMMIT"),
                        undecidable: [("tcp", 9000), ("tcp", 7000), ("udp", 5454), ("icmp", -1)]),
        // s11: nft nat prerouting (redirect, dnat to itself), a raw-priority prerouting drop,
        // ct state vmap, ct status dnat, and an output chain letting out the translated ports.
        GroundTruthHost(name: "s11", address: "10.99.0.33", nft: """
            table ip nat11 {
              chain prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                tcp dport 7000 redirect to :8080
                tcp dport 9000 dnat to 10.99.0.33:22
              }
            }
            table inet raw11 {
              chain pre {
                type filter hook prerouting priority raw; policy accept;
                ip saddr 10.99.0.12 udp dport 5353 drop
              }
            }
            table inet f11 {
              chain input {
                type filter hook input priority 0; policy drop;
                ct state vmap { established : accept, related : accept, invalid : drop }
                iifname "lo" accept
                ct status dnat accept
                ip saddr != 10.99.0.13 tcp dport 22 accept
                udp dport { 5353, 5454 } accept
                icmp type echo-request accept
              }
              chain output {
                type filter hook output priority 0; policy drop;
                oifname "lo" accept
                tcp sport { 22, 8080 } accept
                udp sport 5353 accept
                icmp type echo-reply accept
              }
            }
            """, isServer: true),
    ]

    static let s10Rules = """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -p tcp -m tcp --dport 22 -j DROP
        -F INPUT
        -P INPUT DROP
        -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "!" -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 8080 -j DROP
        -A INPUT -p udp -m udp --dport 5353 -j ACCEPT
        -I INPUT 2 -p tcp -m tcp --dport 8443 -j ACCEPT
        -D INPUT -p tcp -m tcp --dport 8080 -j DROP
        -A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT
        -N SPARE
        -X SPARE
        COMMIT
        """
}
