import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors from publishing the site, each naming the path involved.
package enum PublishError: Error, Equatable, CustomStringConvertible {
    case unsafePath(String)
    case notOurFolder(String)
    case notAFolder(String)
    case io(path: String, reason: String)

    package var description: String {
        switch self {
        case let .unsafePath(path):
            "refusing to write '\(path)': site file names must stay inside the output folder"
        case let .notOurFolder(path):
            "\(path) is not empty and was not written by recsite (no \(SiteWriter.manifestName)); choose another --out or pass --force to replace it"
        case let .notAFolder(path):
            "\(path) exists and is not a folder"
        case let .io(path, reason):
            "cannot write \(path): \(reason)"
        }
    }
}

/// What a publish changed, for the build summary.
package struct PublishReport: Sendable, Equatable {
    package var written = 0
    package var unchanged = 0
    package var removed = 0

    package init(written: Int = 0, unchanged: Int = 0, removed: Int = 0) {
        self.written = written; self.unchanged = unchanged; self.removed = removed
    }
}

/// Publishes a complete site into its output folder in one swap.
///
/// Pages are written into a sibling staging folder on the same file system, then the staging
/// folder and the output are exchanged in one `renameat2(RENAME_EXCHANGE)` (two renames where the
/// kernel lacks it), so readers and a killed build only ever see the old site or the new one. Files whose bytes did not change are hard-linked from the old site, keeping
/// their modification time so `rsync` uploads only what changed. A manifest marks folders recsite
/// wrote; any other non-empty folder is left alone unless `force` is set.
package struct SiteWriter: Sendable {
    package static let manifestName = ".recsite-manifest"

    package let output: URL
    package let force: Bool

    package init(output: URL, force: Bool = false) {
        self.output = output.standardizedFileURL
        self.force = force
    }

    private var parent: URL { output.deletingLastPathComponent() }
    private var stagingPrefix: String { ".\(output.lastPathComponent).recsite-staging-" }
    private var retiredPrefix: String { ".\(output.lastPathComponent).recsite-old-" }

    /// Checks that `publish` would be allowed, before any expensive work is done.
    package func checkOutput() throws(PublishError) {
        try recoverInterruptedSwap()
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notAFolder(output.path) }
        let contents = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
        if !contents.isEmpty && !contents.contains(Self.manifestName) && !force {
            throw .notOurFolder(output.path)
        }
    }

    /// Writes `files` (relative path → bytes) as the whole new site.
    @discardableResult
    package func publish(_ files: [String: [UInt8]]) throws(PublishError) -> PublishReport {
        for path in files.keys { try Self.validate(path) }
        try checkOutput()
        removeLeftovers()

        let staging = parent.appendingPathComponent(stagingPrefix + String(getpid()))
        let fm = FileManager.default
        var report = PublishReport()
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .io(path: staging.path, reason: error.localizedDescription)
        }
        do {
            for path in files.keys.sorted() {
                let bytes = files[path]!
                let target = staging.appendingPathComponent(path)
                try makeParent(of: target)
                let previous = output.appendingPathComponent(path)
                if let old = fm.contents(atPath: previous.path), old.elementsEqual(bytes),
                   link(previous.path, target.path) == 0 {
                    report.unchanged += 1
                    continue
                }
                try write(bytes, to: target)
                report.written += 1
            }
            let manifest = files.keys.sorted().joined(separator: "\n") + "\n"
            try write(Array(manifest.utf8), to: staging.appendingPathComponent(Self.manifestName))
            if let oldManifest = fm.contents(atPath: output.appendingPathComponent(Self.manifestName).path),
               let text = String(data: oldManifest, encoding: .utf8) {
                report.removed = text.split(separator: "\n").filter { files[String($0)] == nil }.count
            }
            try swapIntoPlace(staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        return report
    }

    /// Only plain relative paths of safe characters: nothing from data can climb out of the folder.
    package static func validate(_ path: String) throws(PublishError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        for component in components {
            if component.isEmpty || component == "." || component == ".." || component.hasPrefix(".")
                || !component.allSatisfy(allowed.contains) {
                throw .unsafePath(path)
            }
        }
    }

    private func swapIntoPlace(_ staging: URL) throws(PublishError) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: output.path) else {
            guard rename(staging.path, output.path) == 0 else { throw .io(path: output.path, reason: Self.errnoText()) }
            return
        }
        // One atomic exchange where the kernel offers it: the output path never goes missing,
        // and the old site ends up under the staging name, removed below or by the next build.
        if let exchange = Self.renameExchange, exchange(AT_FDCWD, staging.path, AT_FDCWD, output.path, Self.exchangeFlag) == 0 {
            try? fm.removeItem(at: staging)
            return
        }
        let retired = parent.appendingPathComponent(retiredPrefix + String(getpid()))
        guard rename(output.path, retired.path) == 0 else { throw .io(path: output.path, reason: Self.errnoText()) }
        guard rename(staging.path, output.path) == 0 else {
            let reason = Self.errnoText()
            _ = rename(retired.path, output.path)
            throw .io(path: output.path, reason: reason)
        }
        try? fm.removeItem(at: retired)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// `renameat2(2)`, looked up at run time because Swift's Glibc module does not export it.
    private static let renameExchange: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
    /// RENAME_EXCHANGE from <linux/fs.h>.
    private static let exchangeFlag: UInt32 = 1 << 1

    /// A build killed between the two renames leaves only the retired site: put it back.
    private func recoverInterruptedSwap() throws(PublishError) {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: output.path) else { return }
        let retired = siblings(withPrefix: retiredPrefix).max { $0.path < $1.path }
        if let retired, rename(retired.path, output.path) != 0 {
            throw .io(path: output.path, reason: Self.errnoText())
        }
    }

    /// Staging and retired folders of earlier killed builds.
    private func removeLeftovers() {
        for url in siblings(withPrefix: stagingPrefix) + siblings(withPrefix: retiredPrefix) {
            try? FileManager.default.removeItem(at: url)
        }
    }

    private func siblings(withPrefix prefix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.map { parent.appendingPathComponent($0) }
    }

    private func makeParent(of file: URL) throws(PublishError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .io(path: file.deletingLastPathComponent().path, reason: error.localizedDescription)
        }
    }

    private func write(_ bytes: [UInt8], to file: URL) throws(PublishError) {
        do {
            try Data(bytes).write(to: file)
        } catch {
            throw .io(path: file.path, reason: error.localizedDescription)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
