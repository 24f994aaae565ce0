import Foundation
import Testing

@testable import App

/// Logos are read from their bytes: the format by its magic bytes, the size from its header.
@Suite("Logo images")
struct LogoImageTests {
    static func png(width: Int, height: Int, padding: Int = 40) -> [UInt8] {
        func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8) + be32(width) + be32(height)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: padding)
    }

    static func jpeg(width: Int, height: Int) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof: [UInt8] =
            [0xFF, 0xC2, 0x00, 0x11, 8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3]
            + [UInt8](repeating: 1, count: 9)
        return [0xFF, 0xD8] + app0 + sof + [0xFF, 0xD9]
    }

    static func webpLossless(width: Int, height: Int) -> [UInt8] {
        let bits = (width - 1) | ((height - 1) << 14)
        let le32 = { (value: Int) in [0, 8, 16, 24].map { UInt8((value >> $0) & 0xFF) } }
        return Array("RIFF".utf8) + le32(30) + Array("WEBP".utf8) + Array("VP8L".utf8) + le32(10) + [0x2F] + le32(bits)
            + [0, 0, 0, 0, 0]
    }

    @Test func pngJpegAndWebPAreReadWithTheirSize() {
        #expect(
            LogoImage.inspect(Self.png(width: 400, height: 120)) == .success(LogoImage(format: .png, width: 400, height: 120)))
        #expect(
            LogoImage.inspect(Self.jpeg(width: 640, height: 200)) == .success(LogoImage(format: .jpeg, width: 640, height: 200)))
        #expect(
            LogoImage.inspect(Self.webpLossless(width: 300, height: 90))
                == .success(LogoImage(format: .webp, width: 300, height: 90)))
    }

    @Test func svgOtherFilesHugeImagesAndLargeFilesAreRefused() {
        #expect(
            LogoImage.inspect(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8))
                == .failure(.svg))
        #expect(LogoImage.inspect(Array("\u{FEFF}  <?xml version=\"1.0\"?><svg/>".utf8)) == .failure(.svg))
        #expect(LogoImage.inspect(Array("GIF89a....".utf8)) == .failure(.notAnImage))
        #expect(LogoImage.inspect(Array("%PDF-1.7".utf8)) == .failure(.notAnImage))
        #expect(LogoImage.inspect([]) == .failure(.empty))
        // A 60-byte file that says it is 100 000 × 100 000 pixels: refused before anything decodes it.
        #expect(
            LogoImage.inspect(Self.png(width: 100_000, height: 100_000))
                == .failure(.tooManyPixels(width: 100_000, height: 100_000)))
        #expect(LogoImage.inspect(Self.jpeg(width: 5000, height: 10)) == .failure(.tooManyPixels(width: 5000, height: 10)))
        #expect(LogoImage.inspect(Array(Self.png(width: 10, height: 10).prefix(20))) == .failure(.unreadable(.png)))
        let big = Self.png(width: 100, height: 100, padding: 600 * 1024)
        #expect(LogoImage.inspect(big) == .failure(.tooLarge(bytes: big.count)))
        #expect(LogoImage.Problem.svg.message.contains("Export the logo as PNG"))
    }
}
