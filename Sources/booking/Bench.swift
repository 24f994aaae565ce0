import ArgumentParser
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run benchmarks.")
    func run() async throws {}
}
