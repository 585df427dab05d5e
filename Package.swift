// swift-tools-version:6.0
import PackageDescription

/// One settings array shared by every target, so warnings and language mode never drift apart.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "recsite",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "recsite", targets: ["recsite"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "RecsiteCore", swiftSettings: swiftSettings),
        .target(name: "RecsiteExplain", dependencies: ["RecsiteCore"], swiftSettings: swiftSettings),
        .target(name: "RecsitePublish", dependencies: ["RecsiteCore", "CCmarkGFM"], swiftSettings: swiftSettings),
        .target(
            name: "RecsiteCLI",
            dependencies: ["RecsiteCore", "RecsiteExplain", "RecsitePublish"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "recsite", dependencies: ["RecsiteCLI"], swiftSettings: swiftSettings),

        .target(
            name: "RecsiteTestSupport",
            dependencies: ["RecsiteCore"],
            path: "Tests/RecsiteTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RecsiteCoreTests", dependencies: ["RecsiteCore", "RecsiteTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "RecsiteExplainTests", dependencies: ["RecsiteExplain", "RecsiteTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "RecsitePublishTests", dependencies: ["RecsitePublish", "RecsiteTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RecsiteCLITests",
            dependencies: ["RecsiteCLI", "RecsiteTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
