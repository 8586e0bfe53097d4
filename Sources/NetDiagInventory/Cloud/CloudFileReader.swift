import NetDiagJSON
import Foundation
import NetDiagModel

/// Reads the API responses of an inventory folder: `<name>.json`, or a folder `<name>/` of pages
/// `1.json`, `2.json`, … read in numeric order. Parse errors go to the sink, naming the file and,
/// where the parser tells, the line and column.
struct CloudFileReader {
    let root: URL
    let sink: IssueSink
    /// `root.path`: files are named by plain path joins, since building a `URL` per file
    /// showed up at region scale (10,000 files).
    private let rootPath: String

    init(root: URL, sink: IssueSink) {
        self.root = root; self.sink = sink; rootPath = root.path
    }

    /// True when `<name>.json` or the pages folder `<name>/` exists.
    func exists(_ name: String) -> Bool {
        isFile(name + ".json") || isDirectory(name)
    }

    /// The parsed documents of `name` (one per page), or nil when neither form exists.
    /// A document that fails to parse is left out (its error is in the sink).
    func documents(_ name: String) -> [JSONCursor]? {
        if isFile(name + ".json") {
            if isDirectory(name) {
                sink.warning(name + ".json", "", "both \(name).json and the pages folder \(name)/ exist; reading \(name).json")
            }
            return parse(name + ".json").map { [$0] } ?? []
        }
        guard isDirectory(name) else { return nil }
        let pages = pageNumbers(in: root.appendingPathComponent(name))
        if pages.isEmpty {
            sink.error(name + "/", "", "the pages folder holds no numbered pages (expected 1.json, 2.json, …)")
            return []
        }
        return pages.compactMap { parse("\(name)/\($0).json") }
    }

    /// The ids of the per-resource responses in `folder` (`<id>.json` files or `<id>/` page folders).
    func ids(inFolder folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: rootPath + "/" + folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.compactMap { name in
            if name.hasSuffix(".json") { return String(name.dropLast(5)) }
            return isDirectory(folder + "/" + name) ? name : nil
        }.sorted()
    }

    private func pageNumbers(in folder: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var numbers: [Int] = []
        for name in names where !name.hasPrefix(".") {
            if name.hasSuffix(".json"), let n = Int(name.dropLast(5)) {
                numbers.append(n)
            } else {
                sink.warning(folder.lastPathComponent + "/" + name, "", "not a numbered page (N.json); ignored")
            }
        }
        return numbers.sorted()
    }

    /// Parses one file; the root must be a JSON object.
    private func parse(_ relative: String) -> JSONCursor? {
        guard let data = FileBytes.contents(atPath: rootPath + "/" + relative) else {
            sink.error(relative, "", "cannot read the file")
            return nil
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0a, 0x0d].contains($0) }) {
            sink.error(relative, "", "truncated JSON: the file is empty, expected a JSON object")
            return nil
        }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data)
        } catch {
            sink.error(relative, "", Self.describeParseError(error, data: data))
            return nil
        }
        let cursor = JSONCursor(document: document, file: relative, sink: sink)
        guard document.kind(JSONDocument.root) == .object else {
            cursor.typeError(expected: "a JSON object at the top level")
            return nil
        }
        return cursor
    }

    /// Turns a parse failure into "malformed JSON at line L, column C: …", or a "truncated JSON"
    /// message when the document stops before it is complete.
    static func describeParseError(_ failure: JSONParser.Failure, data: [UInt8]) -> String {
        if failure.truncated {
            let (line, column) = lineAndColumn(of: data.count, in: data)
            return "truncated JSON: the file ends at line \(line), column \(column) before the document is complete"
        }
        let (line, column) = lineAndColumn(of: failure.offset, in: data)
        return "malformed JSON at line \(line), column \(column): \(failure.message)"
    }

    /// 1-based line and column of a byte offset.
    static func lineAndColumn(of offset: Int, in data: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0a { line += 1; column = 1 } else if byte & 0xc0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// Whether `relative` (to the root) is a file.
    private func isFile(_ relative: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: rootPath + "/" + relative, isDirectory: &dir) && !dir.boolValue
    }

    /// Whether `relative` (to the root) is a folder.
    private func isDirectory(_ relative: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: rootPath + "/" + relative, isDirectory: &dir) && dir.boolValue
    }
}
