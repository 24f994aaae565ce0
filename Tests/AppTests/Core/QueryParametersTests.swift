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
}
