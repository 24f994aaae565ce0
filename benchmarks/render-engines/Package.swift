// swift-tools-version: 6.1
// Issue 24's template-engine comparison, kept out of the app's dependency graph: the class list
// page rendered by Leaf (the app's templates), swift-mustache and Plot. See README.md.
import PackageDescription

let package = Package(
    name: "render-engines",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "RenderEngines",
            dependencies: [
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ])
    ],
    swiftLanguageModes: [.v5]
)
