import Testing
@testable import App

@Suite("Query parameters")
struct QueryParametersTests {
    @Test func parsesLikeAFormDecoder() {
        let query = QueryParameters("service=abc&from=2026-12-01&name=Ana+Silva&email=ana%40example.com&empty=&flag&from=2027-01-01")
        #expect(query["service"] == "abc")
        #expect(query["from"] == "2026-12-01", "the first of a repeated name wins")
        #expect(query["name"] == "Ana Silva")
        #expect(query["email"] == "ana@example.com")
        #expect(query["empty"] == "" && query["flag"] == "")
        #expect(query["missing"] == nil)
        #expect(QueryParameters(nil)["x"] == nil && QueryParameters("")["x"] == nil)
        #expect(QueryParameters("bad=%zz")["bad"] == "%zz", "a broken escape is kept as typed, then refused by the field's own check")
    }

    @Test func decodesEscapesAsUTF8AndKeepsWhatIsBroken() {
        let query = QueryParameters("euro=%E2%82%AC&plus=a%2Bb&typed=caf\u{E9}&cut=x%4&notUTF8=%FF+x&lower=%c3%a9&spaced=a+b+c&eq=a=b")
        #expect(query["euro"] == "\u{20AC}")
        #expect(query["plus"] == "a+b", "an escaped + stays a plus")
        #expect(query["typed"] == "caf\u{E9}", "unescaped UTF-8 passes through")
        #expect(query["cut"] == "x%4", "an escape cut short is kept as typed")
        #expect(query["notUTF8"] == "%FF x", "bytes that are not UTF-8 are kept as typed, + still a space")
        #expect(query["lower"] == "\u{E9}")
        #expect(query["spaced"] == "a b c")
        #expect(query["eq"] == "a=b", "only the first = separates name and value")
    }
}
