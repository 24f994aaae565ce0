import Vapor

/// RFC 4180 CSV (CRLF line ends, quoted fields), safe to open in a spreadsheet.
///
/// Cells are checked by Unicode scalar, never by `Character`: Swift reads `"\r\n"` as one
/// `Character`, which equals neither `"\r"` nor `"\n"`, so a check by characters lets a CRLF through
/// unquoted and a spreadsheet then starts a new row with whatever follows, a formula included.
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

    /// Scalars that make a spreadsheet read the cell as a formula when they come first, the
    /// full-width forms included (`＝ ＋ － ＠`: some spreadsheets fold them to ASCII first).
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]
    /// Scalars that need the cell quoted: both separators (`,`, and `;`, which spreadsheets in
    /// many locales split on, so `x;=cmd` would start a formula at its second part), the quote, and
    /// every line break form (LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR).
    static let needsQuoting: Set<Unicode.Scalar> = [
        ",", ";", "\"", "\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{2028}", "\u{2029}",
    ]

    /// The cell as written: prefixed with `'` when it would start a formula, quoted when it holds a
    /// separator, a quote or a line break.
    static func escape(_ raw: String) -> String {
        var cell = raw
        if let first = cell.unicodeScalars.first, formulaStarts.contains(first) { cell = "'" + cell }
        guard cell.unicodeScalars.contains(where: needsQuoting.contains) else { return cell }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in cell.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
