import NetDiagEngine
import NetDiagStore

/// The task details page's path diagram: one box per hop, left to right, coloured by status,
/// the hops where the path breaks marked "blocked". Each box shows the forward path's status
/// (→) and, where rules check the replies' way back, the return path's (←), so a reply that is
/// dropped is not mistaken for the request. Plain SVG, no script or external reference.
public enum PathDiagram {
    static let boxWidth = 122, boxHeight = 86, gap = 14, margin = 10, legendHeight = 22

    /// Fill, stroke, text colour and mark per status; text colours keep at least 4.5:1 contrast
    /// on their fill (WCAG AA), so "not checked" stays readable.
    static let colors: [String: (fill: String, stroke: String, text: String, mark: String)] = [
        "fail": ("#fde2e1", "#c0392b", "#a5281b", "✕ blocked"), "error": ("#fbe3f5", "#8e44ad", "#6f2f8a", "! error"),
        "warn": ("#fff4d6", "#c98a00", "#7a5200", "⚠ warning"), "skip": ("#eceff3", "#7f8c8d", "#4f5b66", "– skipped"),
        "pass": ("#e3f6e8", "#27864a", "#1e6b3a", "✓ pass"), "none": ("#f7f7f7", "#9aa3ab", "#5f6973", "not checked"),
        "running": ("#e6f0fb", "#2f6fb5", "#245a94", "… running"),
    ]

    public static func svg(task: TaskRecord) -> String {
        let report = task.report
        let idle = task.status == .running ? "running" : "none"
        let hops = report.map(PathHops.hops(for:))
            ?? PathHops.layout.map { PathHop(id: $0.id, label: $0.label, status: idle, forwardStatus: idle, returnStatus: "none", items: []) }
        let endpoints = report.map { "\($0.path.source) → \($0.path.destination) \($0.path.protocol)\($0.path.port < 0 ? "" : "/\($0.path.port)")" } ?? ""
        return svg(hops: hops, title: "Path \(endpoints): \(report?.result ?? task.status.rawValue)")
    }

    static func svg(hops: [PathHop], title: String) -> String {
        let width = margin * 2 + hops.count * boxWidth + (hops.count - 1) * gap
        let height = margin * 2 + boxHeight + 24 + legendHeight
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"13\">"]
        out.append("<title>\(escape(title))</title>")
        for (n, hop) in hops.enumerated() {
            let x = margin + n * (boxWidth + gap), y = margin, middle = x + boxWidth / 2
            let color = colors[hop.status] ?? colors["none"]!
            if n > 0 {
                let ay = y + boxHeight / 2
                out.append("<path d=\"M\(x - gap + 1) \(ay) H\(x - 2) M\(x - 7) \(ay - 4) L\(x - 2) \(ay) L\(x - 7) \(ay + 4)\" stroke=\"#6f7a85\" fill=\"none\"/>")
            }
            let blocked = hop.status == "fail"
            out.append("<g class=\"hop\(blocked ? " blocked" : "")\" data-hop=\"\(hop.id)\" data-status=\"\(hop.status)\" data-forward=\"\(hop.forwardStatus)\" data-return=\"\(hop.returnStatus)\">")
            out.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"8\" fill=\"\(color.fill)\" stroke=\"\(color.stroke)\" stroke-width=\"\(blocked ? 3 : 1.5)\"\(hop.status == "none" ? " stroke-dasharray=\"4 3\"" : "")/>")
            // "Security groups (out)" does not fit one line: the qualifier goes below.
            let label = hop.label.split(separator: "(", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            out.append("<text x=\"\(middle)\" y=\"\(y + 20)\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1d2730\">\(escape(label[0]))</text>")
            if label.count > 1 {
                out.append("<text x=\"\(middle)\" y=\"\(y + 36)\" text-anchor=\"middle\" fill=\"#1d2730\">(\(escape(label[1]))</text>")
            }
            out.append(statusLine(hop.items.isEmpty ? hop.status : hop.forwardStatus, arrow: hop.items.isEmpty ? "" : "→ ", x: middle, y: y + 56, tag: "forward"))
            if hop.returnStatus != "none" {
                out.append(statusLine(hop.returnStatus, arrow: "← ", x: middle, y: y + 74, tag: "return"))
            }
            out.append("<text x=\"\(middle)\" y=\"\(y + boxHeight + 18)\" text-anchor=\"middle\" fill=\"#56636f\">\(hop.items.count) item\(hop.items.count == 1 ? "" : "s")</text>")
            out.append("</g>")
        }
        out.append("<text x=\"\(margin)\" y=\"\(height - 6)\" fill=\"#56636f\">→ the request, source to destination · ← the replies' way back (return-path rules) · red, ✕ blocked: the path breaks here</text>")
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// One status line in a box: the direction's arrow (none on a hop nothing checked), then the
    /// status's mark in its colour.
    static func statusLine(_ status: String, arrow: String, x: Int, y: Int, tag: String) -> String {
        let color = colors[status] ?? colors["none"]!
        return "<text class=\"\(tag)\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\" fill=\"\(color.text)\"\(status == "fail" ? " font-weight=\"bold\"" : "")>\(arrow)\(escape(color.mark))</text>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
