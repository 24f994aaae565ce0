import Foundation

/// Reads `KEY=VALUE` lines from a `.env` file. Variables already in the process environment win.
public enum DotEnv {
    /// The process environment merged over the `.env` file at `path`, if the file exists.
    public static func environment(
        merging process: [String: String] = ProcessInfo.processInfo.environment, file path: String = ".env"
    ) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return process }
        return parse(text).merging(process) { _, fromProcess in fromProcess }
    }

    /// Parses `.env` text: blank lines and `#` comments are skipped, `export ` is allowed, and values
    /// may be wrapped in single or double quotes.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            if !key.isEmpty { result[key] = value }
        }
        return result
    }
}
