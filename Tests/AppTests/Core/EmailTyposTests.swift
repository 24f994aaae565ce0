import Testing

@testable import App

@Suite("Email typo suggestions")
struct EmailTyposTests {
    @Test(arguments: [
        ("ann@gmial.com", "ann@gmail.com"), ("ann@gmail.con", "ann@gmail.com"), ("ann@gmail.co", "ann@gmail.com"),
        ("ann@gmai.com", "ann@gmail.com"), ("Ann.Lee@GMAIL.CMO", "Ann.Lee@gmail.com"), ("ann@hotmial.com", "ann@hotmail.com"),
        ("ann@hotmail.co", "ann@hotmail.com"), ("ann@hotmal.co.uk", "ann@hotmail.co.uk"), ("ann@outlok.com", "ann@outlook.com"),
        ("ann@yaho.com", "ann@yahoo.com"), ("ann@yahoo.co", "ann@yahoo.com"), ("ann@iclod.com", "ann@icloud.com"),
        ("ann@example.con", "ann@example.com"), ("ann@salon.co.con", "ann@salon.co.com"),
    ])
    func aSlipGetsTheLikelyAddress(typed: String, meant: String) {
        #expect(EmailTypos.suggestion(for: typed) == meant)
    }

    @Test(arguments: [
        "ann@gmail.com", "ann@hotmail.co.uk", "ann@yahoo.co.uk", "ann@mail.com", "ann@email.com", "ann@ymail.com",
        "ann@live.com", "ann@aol.com", "ann@me.com", "ann@example.com", "ann@startup.co", "ann@hotmail.fr", "ann@gmx.de",
        "ann@salon.co.uk", "not-an-address", "ann@", "ann@gmail",
    ])
    func aRealOrUnknownAddressIsLeftAlone(typed: String) {
        #expect(EmailTypos.suggestion(for: typed) == nil)
    }

    @Test func distanceCountsSwapsAsOneEdit() {
        #expect(EmailTypos.distance("gmial", "gmail") == 1)
        #expect(EmailTypos.distance("hotmal", "hotmail") == 1)
        #expect(EmailTypos.distance("", "abc") == 3)
    }
}
