import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// No value can start a new spreadsheet row or a formula in either CSV export, whatever line break it holds.
@Suite("CSV injection")
struct CSVInjectionTests {
    static let breaks = ["\n", "\r", "\r\n", "\u{2028}", "\u{85}", "\u{2029}", "\u{0B}", "\u{0C}"]

    /// Every line-break form at the start, in the middle and at the end of a formula payload.
    static var payloads: [String] {
        breaks.flatMap { br in
            ["\(br)=cmd|' /C calc'!A0", "Ana\(br)=cmd|' /C calc'!A0", "=1+1\(br)", "x\(br)+SUM(A1)\(br)@x"]
        }
    }

    @Test("CSVWriter quotes every line-break form and defuses formulas, by Unicode scalar")
    func writerEscapesEveryBreak() throws {
        for payload in Self.payloads {
            var writer = CSVWriter()
            writer.row(["id", payload, "end"])
            let records = try RFC4180.parse(writer.text)
            #expect(records.count == 1, "payload \(payload.debugDescription) gave \(records.count) rows")
            let cell = try #require(records.first?[1])
            let expected = CSVWriter.formulaStarts.contains(payload.unicodeScalars.first!) ? "'" + payload : payload
            #expect(cell.unicodeScalars.elementsEqual(expected.unicodeScalars), "\(cell.debugDescription)")
            #expect(RFC4180.unquotedBreaks(in: writer.text).isEmpty, "\(writer.text.debugDescription)")
        }
    }

    /// Regression: `x;=cmd|...` went out unquoted (a spreadsheet splitting on `;` starts a formula
    /// at its second part) and full-width `＝1+1` without the apostrophe.
    @Test func semicolonsAreQuotedAndFullWidthFormulaStartsDefused() throws {
        for (raw, written) in [
            ("x;=cmd|' /C calc'!A0", "\"x;=cmd|' /C calc'!A0\""), ("\u{FF1D}1+1", "'\u{FF1D}1+1"), ("\u{FF0B}1", "'\u{FF0B}1"),
            ("\u{FF0D}1", "'\u{FF0D}1"), ("\u{FF20}SUM(A1)", "'\u{FF20}SUM(A1)"), ("a,b", "\"a,b\""), ("plain", "plain"),
        ] {
            #expect(CSVWriter.escape(raw) == written, "\(raw.debugDescription)")
        }
    }

    @Test("the bookings CSV and the roster CSV keep one row per record for hostile names and notes")
    func exportsStayOneRowPerRecord() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            // Names are refused with line breaks now, so store the hostile values the way old data
            // (or the owner's own tools) might hold them.
            #expect(
                try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex)
                ).status == .created)
            let booking = try #require(try await Booking.query(on: app.db).first())
            for payload in Self.payloads {
                booking.contactName = payload
                booking.notes = payload
                try await booking.update(on: app.db)
                let csv = try await app.send(.GET, "api/v1/admin/bookings.csv", headers: salon.tenant.adminHeaders)
                let records = try RFC4180.parse(csv.body.string)
                #expect(records.count == 2, "payload \(payload.debugDescription)")
                #expect(records.last?[8].hasPrefix("'") == CSVWriter.formulaStarts.contains(payload.unicodeScalars.first!))
                #expect(RFC4180.unquotedBreaks(in: csv.body.string).isEmpty)
            }

            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            #expect(
                try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: ["client": ["name": "Ana", "email": "ana@example.com"], "consent": true]
                ).status == .created)
            let enrollment = try #require(try await Enrollment.query(on: app.db).first())
            for payload in Self.payloads {
                enrollment.contactName = payload
                try await enrollment.update(on: app.db)
                let csv = try await app.send(
                    .GET, "api/v1/admin/sessions/\(session.id!)/enrollments.csv", headers: studio.adminHeaders)
                let records = try RFC4180.parse(csv.body.string)
                #expect(records.count == 2, "payload \(payload.debugDescription)")
                #expect(RFC4180.unquotedBreaks(in: csv.body.string).isEmpty)
            }
        }
    }
}

/// A strict RFC 4180 reader for tests: records end only at CRLF outside quotes.
enum RFC4180 {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var cell = String.UnicodeScalarView()
        var inQuotes = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    cell.append(scalar)
                }
            } else if scalar == "\"" && cell.isEmpty {
                inQuotes = true
            } else if scalar == "," {
                record.append(String(cell))
                cell = .init()
            } else if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
                record.append(String(cell))
                records.append(record)
                record = []
                cell = .init()
                index += 1
            } else {
                cell.append(scalar)
            }
            index += 1
        }
        guard !inQuotes, cell.isEmpty, record.isEmpty else { throw Malformed() }
        return records
    }

    /// Line-break scalars outside quotes other than the CRLF record ends (each would start a row
    /// in some spreadsheet).
    static func unquotedBreaks(in text: String) -> [Int] {
        var found: [Int] = []
        var inQuotes = false
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\"" { inQuotes.toggle() }
            guard !inQuotes, CSVWriter.needsQuoting.contains(scalar), scalar != ",", scalar != "\"" else { continue }
            let cr: Unicode.Scalar = "\r"
            let lf: Unicode.Scalar = "\n"
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            let endsRecord = scalar == cr && next == lf
            let endsRecordAfterCR = scalar == lf && previous == cr
            if !endsRecord && !endsRecordAfterCR { found.append(index) }
        }
        return found
    }
}
