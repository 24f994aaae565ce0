import Foundation

/// What an uploaded logo is, read from its bytes alone (never from its name or the type the
/// browser claims): PNG, JPEG or WebP by their magic bytes, with the width and height their headers
/// declare, so a small file that would decode to a huge image (a "decompression bomb") is refused
/// before any browser or mail client tries. SVG is refused: it can carry script.
struct LogoImage: Equatable, Sendable {
    enum Format: String, Sendable {
        case png, jpeg, webp

        var contentType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .webp: "image/webp"
            }
        }

        var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    }

    let format: Format
    let width: Int
    let height: Int

    static let maximumBytes = 512 * 1024
    /// The most pixels along either side, and in all.
    static let maximumSide = 4096
    static let maximumPixels = 4096 * 4096

    /// Why a file is not accepted as a logo, in words for the person who chose it.
    enum Problem: Error, Equatable {
        case empty
        case tooLarge(bytes: Int)
        case svg
        case notAnImage
        case unreadable(Format)
        case tooManyPixels(width: Int, height: Int)

        var message: String {
            switch self {
            case .empty: "Choose an image file first."
            case .tooLarge(let bytes):
                "The file is \(bytes / 1024) KB; a logo may be at most \(LogoImage.maximumBytes / 1024) KB. Save it smaller (a PNG or JPEG around 400 pixels wide is plenty)."
            case .svg: "SVG files are not accepted (they can carry script). Export the logo as PNG, JPEG or WebP."
            case .notAnImage: "That file is not a PNG, JPEG or WebP image. Choose the logo as one of those."
            case .unreadable(let format):
                "The file starts like a \(format.rawValue.uppercased()) image but its size cannot be read. Save it again and retry."
            case .tooManyPixels(let width, let height):
                "The image is \(width) × \(height) pixels; a logo may be at most \(LogoImage.maximumSide) pixels on each side. Save it smaller."
            }
        }
    }

    static func inspect(_ bytes: [UInt8]) -> Result<LogoImage, Problem> {
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maximumBytes else { return .failure(.tooLarge(bytes: bytes.count)) }
        if looksLikeSVG(bytes) { return .failure(.svg) }
        let found: (Format, (Int, Int)?)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            found = (.png, pngSize(bytes))
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            found = (.jpeg, jpegSize(bytes))
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            found = (.webp, webpSize(bytes))
        } else {
            return .failure(.notAnImage)
        }
        guard let (width, height) = found.1, width > 0, height > 0 else { return .failure(.unreadable(found.0)) }
        guard width <= maximumSide, height <= maximumSide, width * height <= maximumPixels else {
            return .failure(.tooManyPixels(width: width, height: height))
        }
        return .success(LogoImage(format: found.0, width: width, height: height))
    }

    /// Text that opens like XML or SVG (after a byte-order mark and white space).
    private static func looksLikeSVG(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 512)], as: UTF8.self).lowercased()
        return head.hasPrefix("<?xml") || head.hasPrefix("<svg") || head.hasPrefix("<!doctype svg") || head.contains("<svg")
    }

    private static func bigEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= bytes.count else { return nil }
        return bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= bytes.count else { return nil }
        return bytes[at..<(at + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// PNG: the first chunk must be IHDR, whose data starts with the width and height.
    private static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8),
            let width = bigEndian(bytes, 16, 4), let height = bigEndian(bytes, 20, 4)
        else { return nil }
        return (width, height)
    }

    /// JPEG: walks the markers to the first start-of-frame, which holds the height and width.
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var at = 2
        while at + 9 < bytes.count {
            guard bytes[at] == 0xFF else { return nil }
            let marker = bytes[at + 1]
            if marker == 0xFF {
                at += 1
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                at += 2
                continue
            }
            guard let length = bigEndian(bytes, at + 2, 2), length >= 2 else { return nil }
            let startOfFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if startOfFrame {
                guard let height = bigEndian(bytes, at + 5, 2), let width = bigEndian(bytes, at + 7, 2) else { return nil }
                return (width, height)
            }
            at += 2 + length
        }
        return nil
    }

    /// WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended), each with its own
    /// way of writing the canvas size.
    private static func webpSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A,
                let width = littleEndian(bytes, 26, 2), let height = littleEndian(bytes, 28, 2)
            else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F, let bits = littleEndian(bytes, 21, 4) else { return nil }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let width = littleEndian(bytes, 24, 3), let height = littleEndian(bytes, 27, 3) else { return nil }
            return (width + 1, height + 1)
        default:
            return nil
        }
    }
}
