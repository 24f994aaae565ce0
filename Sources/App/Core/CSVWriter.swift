import Vapor

/// RFC 4180 CSV (CRLF line ends, quoted fields), safe to open in a spreadsheet: a cell that begins
/// with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so it is never run as a formula.
struct CSVWriter {
    private(set) var text = ""

    mutating func row(_ cells: [String]) {
        text += cells.map(Self.escape).joined(separator: ",") + "\r\n"
    }

    /// A `text/csv` download named `filename`.
    func response(filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    static func escape(_ raw: String) -> String {
        var cell = raw
        if let first = cell.first, "=+-@\t\r".contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
