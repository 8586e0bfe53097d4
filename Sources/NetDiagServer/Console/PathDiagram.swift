import NetDiagEngine
import NetDiagStore

/// The task details page's path diagram: one box per hop, left to right, coloured by status,
/// the hops where the path breaks marked "blocked". Plain SVG, no script or external reference.
public enum PathDiagram {
    static let boxWidth = 136, boxHeight = 64, gap = 20, margin = 10

    static let colors: [String: (fill: String, stroke: String, mark: String)] = [
        "fail": ("#fde2e1", "#c0392b", "✕ blocked"), "error": ("#fbe3f5", "#8e44ad", "! error"),
        "warn": ("#fff4d6", "#c98a00", "⚠ warning"), "skip": ("#eceff3", "#7f8c8d", "– skipped"),
        "pass": ("#e3f6e8", "#27864a", "✓ pass"), "none": ("#f7f7f7", "#b5b5b5", "not checked"),
        "running": ("#e6f0fb", "#2f6fb5", "… running"),
    ]

    public static func svg(task: TaskRecord) -> String {
        let report = task.report
        let hops = report.map(PathHops.hops(for:))
            ?? PathHops.layout.map { PathHop(id: $0.id, label: $0.label, status: task.status == .running ? "running" : "none", items: []) }
        let width = margin * 2 + hops.count * boxWidth + (hops.count - 1) * gap
        let height = margin * 2 + boxHeight + 28
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">"]
        let endpoints = report.map { "\($0.path.source) → \($0.path.destination) \($0.path.protocol)\($0.path.port < 0 ? "" : "/\($0.path.port)")" } ?? ""
        out.append("<title>\(escape("Path \(endpoints): \(report?.result ?? task.status.rawValue)"))</title>")
        for (n, hop) in hops.enumerated() {
            let x = margin + n * (boxWidth + gap), y = margin
            let color = colors[hop.status] ?? colors["none"]!
            if n > 0 {
                let ax = x - gap, ay = y + boxHeight / 2
                out.append("<path d=\"M\(ax + 2) \(ay) H\(x - 4) M\(x - 9) \(ay - 4) L\(x - 4) \(ay) L\(x - 9) \(ay + 4)\" stroke=\"#888\" fill=\"none\"/>")
            }
            let blocked = hop.status == "fail"
            out.append("<g class=\"hop\(blocked ? " blocked" : "")\" data-hop=\"\(hop.id)\" data-status=\"\(hop.status)\">")
            out.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"8\" fill=\"\(color.fill)\" stroke=\"\(color.stroke)\" stroke-width=\"\(blocked ? 3 : 1.5)\"/>")
            out.append("<text x=\"\(x + boxWidth / 2)\" y=\"\(y + 26)\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(hop.label))</text>")
            out.append("<text x=\"\(x + boxWidth / 2)\" y=\"\(y + 46)\" text-anchor=\"middle\" fill=\"\(color.stroke)\">\(escape(color.mark))</text>")
            out.append("<text x=\"\(x + boxWidth / 2)\" y=\"\(y + boxHeight + 18)\" text-anchor=\"middle\" fill=\"#666\">\(hop.items.count) item\(hop.items.count == 1 ? "" : "s")</text>")
            out.append("</g>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
