import NetDiagModel

/// Parses Windows `netstat -ano` into listeners (TCP rows in state LISTENING, every UDP row:
/// a UDP endpoint is bound, there is no state), naming processes from `tasklist` when given.
public enum NetstatParser {
    /// - Parameter processes: pid → name, from `TasklistParser`.
    public static func parse(_ text: String, processes: [Int: String] = [:]) throws(GuestParseError) -> [Listener] {
        var listeners: [Listener] = []
        for (offset, line) in text.lines.enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let proto = words.first?.uppercased(), proto == "TCP" || proto == "UDP" else { continue }
            let pidWord: String
            if proto == "TCP" {
                guard words.count == 5 else { throw GuestParseError(line: offset + 1, "bad TCP row: \(line)") }
                guard words[3] == "LISTENING" else { continue }
                pidWord = words[4]
            } else {
                guard words.count == 4 else { throw GuestParseError(line: offset + 1, "bad UDP row: \(line)") }
                pidWord = words[3]
            }
            guard let local = SocketAddress.split(words[1]), let pid = Int(pidWord) else {
                throw GuestParseError(line: offset + 1, "cannot read address or pid: \(line)")
            }
            listeners.append(Listener(protocol: proto.lowercased(), address: local.address, port: local.port,
                                      process: processes[pid], pid: pid))
        }
        return listeners
    }
}

/// Parses `tasklist /svc /fo csv /nh` (image, pid, services) or `tasklist /fo csv /nh`
/// (image, pid, session, session#, memory) into pid → process name. With `/svc`, a process
/// hosting services is named by them (`TermService`), which says more than `svchost.exe`.
public enum TasklistParser {
    public static func parse(_ text: String) throws(GuestParseError) -> [Int: String] {
        var names: [Int: String] = [:]
        for (offset, line) in text.lines.enumerated() {
            let trimmed = line.trimmingTrailingBlanks()
            if trimmed.isEmpty { continue }
            let fields = csvFields(trimmed)
            guard fields.count >= 2, let pid = Int(fields[1]) else {
                throw GuestParseError(line: offset + 1, "not a tasklist CSV row: \(trimmed)")
            }
            if fields.count == 3, fields[2] != "N/A" {
                names[pid] = fields[2]
            } else {
                names[pid] = fields[0]
            }
        }
        return names
    }

    /// Splits one CSV row; tasklist quotes every field and doubles inner quotes.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(current); current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }
}
