import Foundation
import Testing
import RecsiteTestSupport

/// Kills real builds at random moments and checks the published folder is always one whole site (C29).
@Suite("interrupted builds never break the published site", .serialized)
struct InterruptedBuildTests {
    @Test("20 builds killed at random points (SIGKILL and SIGINT) leave the old or the new site, whole",
          .enabled(if: MovieLens100KSiteTests.ready))
    func randomKills() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("site")
        func arguments(top: Int) -> [String] {
            ["build", "--data", MovieLens100KSiteTests.data.path, "--out", out.path, "--explainer", "offline",
             "--cohort", "all", "--top", String(top), "--quiet"]
        }
        #expect(try launch(arguments(top: 10)).wait() == 0)
        let siteA = try snapshot(out)
        #expect(try launch(arguments(top: 5)).wait() == 0)
        let siteB = try snapshot(out)
        #expect(siteA != siteB && siteA.count > 900)

        var rng = SystemRandomNumberGenerator()
        var current = siteB
        var killed = 0
        for round in 0..<20 {
            let target = current == siteA ? siteB : siteA
            let process = try launch(arguments(top: target == siteA ? 10 : 5))
            usleep(UInt32.random(in: 50_000...1_500_000, using: &rng))
            if process.isRunning {
                kill(process.processIdentifier, round % 2 == 0 ? SIGKILL : SIGINT)
                killed += 1
            }
            process.waitUntilExit()
            let now = try snapshot(out)
            #expect(now == siteA || now == siteB, "round \(round): the site is neither the old nor the new one")
            current = now
        }
        #expect(killed >= 10)
        // The next good build cleans up whatever the killed ones left beside the site.
        #expect(try launch(arguments(top: 10)).wait() == 0)
        #expect(try snapshot(out) == siteA)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["site"])
    }

    @Test("a disk that fills up mid-write (a file-size limit: EFBIG) exits 73 naming the file; the old site stays whole",
          .enabled(if: MovieLens100KSiteTests.ready))
    func fullDisk() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("site")
        let build = ["build", "--data", MovieLens100KSiteTests.data.path, "--out", out.path, "--explainer", "offline",
                     "--cohort", "all", "--quiet", "--no-eval"]
        #expect(try launch(build).wait() == 0)
        let before = try snapshot(out)
        // The shell ignores SIGXFSZ, so the binary sees the write fail (EFBIG) as on a full disk.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"", MovieLens100KSiteTests.binary.path]
            + build + ["--top", "20"]
        shell.currentDirectoryURL = PackageRoot.url
        shell.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let errors = Pipe()
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = errors
        try shell.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 73, "\(message)")
        #expect(message.contains("recsite: while writing the site: cannot write"), "\(message)")
        #expect(try snapshot(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["site"])
        // With room again, the next build goes through.
        #expect(try launch(build + ["--top", "20"]).wait() == 0)
        #expect(try snapshot(out) != before)
    }

    private func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = MovieLens100KSiteTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = PackageRoot.url
        // A crash would start swift-backtrace, which inherits the pipe Foundation watches for the
        // child's exit and so hangs waitUntilExit; the exit status alone tells a crash.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func snapshot(_ site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = site.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files[String(url.standardizedFileURL.path.dropFirst(root.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }
}

private extension Process {
    func wait() -> Int32 {
        waitUntilExit()
        return terminationStatus
    }
}
