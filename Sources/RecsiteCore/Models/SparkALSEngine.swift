import Foundation

/// Trains ALS on Apache Spark through `spark-submit` and reads the factors back into an `ALSModel`.
///
/// Steps: the cleaned ratings are written as `userId,movieId,rating` CSV to a temporary folder;
/// `spark-submit --master MASTER spark/train_als.py` trains `pyspark.ml.recommendation.ALS` with
/// the same settings as the native trainer (explicit, rank, maxIter, regParam, nonnegative,
/// seed) and writes `user_factors.csv` and `item_factors.csv` (id, then `rank` floats); recsite
/// reads them into the same shape the native trainer returns, so everything after training
/// (ranking, pages, explanations) is unchanged. Spark's factors differ from the native ones in
/// their random start (Spark seeds per block), not in the method.
///
/// Finding Spark, in order: the `sparkSubmit` given; `$SPARK_HOME/bin/spark-submit`;
/// `spark-submit` on `PATH`; `bench/.venv/bin/spark-submit` (what `scripts/install-pyspark`
/// creates) in the working directory or above the executable; the `pyspark/bin/spark-submit`
/// inside such a virtualenv's `site-packages`; and last the `pyspark` package importable by
/// `python3`. When the chosen `spark-submit` belongs to a virtualenv, its Python runs the job
/// (`PYSPARK_PYTHON`), since that is where `pyspark` and `numpy` are installed.
///
/// With a cluster master (anything but `local…`), the job reads the ratings file on the driver
/// and distributes it, so executors need no shared file system; memory and other Spark settings
/// come from the usual places (`SPARK_DRIVER_MEMORY`, `spark-defaults.conf`).
package struct SparkALSEngine: Sendable {
    /// The Spark master URL: `local[*]`, `local[2]`, `spark://host:7077`, `yarn`, …
    package var master: String
    /// An explicit `spark-submit` to run; found as described above when nil.
    package var sparkSubmit: URL?
    /// `spark/train_als.py`; found beside the working directory or the executable when nil.
    package var jobScript: URL?
    /// The environment the search and `spark-submit` see (injected so tests control it).
    package var environment: [String: String]
    /// Receives the job's own progress lines (`train_als: …`), e.g. to show them under a step.
    package var log: (@Sendable (String) -> Void)?
    /// How `spark-submit`, `java` and the job are found (tests point it at fake folders).
    package var locator: SparkLocator

    package init(
        master: String = "local[*]", sparkSubmit: URL? = nil, jobScript: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.master = master
        self.sparkSubmit = sparkSubmit
        self.jobScript = jobScript
        self.environment = environment
        self.log = log
        self.locator = SparkLocator(environment: environment)
    }

    /// Trains on Spark and returns a model shaped like `ALSTrainer.train(matrix, settings:)`'s:
    /// users in `matrix.userIDs` order, items in `catalog` order, `itemHasFactor` false for catalog
    /// movies Spark has no factor for.
    ///
    /// - Parameters:
    ///   - ratings: the cleaned ratings; rows whose movie is not in `catalog` are left out, as the matrix does.
    ///   - matrix: the training matrix built from `ratings` and `catalog` (it fixes the user order).
    /// - Throws: `SparkEngineError` with what to install or what Spark said.
    package func train(ratings: RatingsTable, catalog: Catalog, matrix: RatingMatrix, settings: ALSSettings) throws -> ALSModel {
        try settings.validate()
        let (launch, java, script) = try findInstallation()

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("recsite-spark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("factors")
        let ratingsFile = work.appendingPathComponent("ratings.csv")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try Self.writeRatingsCSV(ratings, catalog: catalog, to: ratingsFile)
        } catch let error as SparkEngineError {
            throw error
        } catch {
            throw SparkEngineError.cannotStage(path: work.path, reason: error.localizedDescription)
        }

        var arguments = [
            "--master", master,
            "--conf", "spark.ui.showConsoleProgress=false",
            script.path,
            "--ratings", ratingsFile.path, "--out", output.path,
            "--rank", String(settings.rank), "--max-iter", String(settings.iterations),
            "--reg-param", String(settings.regParam), "--nonnegative", settings.nonnegative ? "true" : "false",
            "--seed", String(Int64(bitPattern: settings.seed)),
        ]
        if !master.hasPrefix("local") { arguments += ["--distribute-from-driver"] }
        var env = environment.merging(launch.environment) { given, _ in given }
        if env["JAVA_HOME"] == nil, let home = java.javaHome { env["JAVA_HOME"] = home }
        let result = try Self.run(launch.executable, arguments: arguments, environment: env, logDirectory: work, log: log)
        guard result.status == 0 else {
            throw SparkEngineError.jobFailed(
                status: result.status, command: "\(launch.executable.path) --master \(master) \(script.lastPathComponent) …",
                hint: Self.hint(forStderr: result.stderr), tail: Self.tail(result.stderr))
        }
        return try Self.readModel(
            userFile: output.appendingPathComponent("user_factors.csv"),
            itemFile: output.appendingPathComponent("item_factors.csv"),
            matrix: matrix, catalog: catalog, settings: settings)
    }

    /// Checks that `spark-submit`, Java and the job script can be found, without starting Spark:
    /// lets a command stop with the install command before it loads data or trains anything.
    ///
    /// - Throws: `SparkEngineError.sparkNotFound`, `.sparkSubmitNotExecutable`, `.javaNotFound`
    ///   or `.jobScriptMissing`.
    package func checkInstalled() throws {
        _ = try findInstallation()
    }

    private func findInstallation() throws -> (launch: SparkLocator.Launch, java: (path: String, javaHome: String?), script: URL) {
        let launch = try locator.locate(explicit: sparkSubmit)
        let java = try locator.javaExecutable()
        let script = try jobScript ?? locator.jobScript()
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw SparkEngineError.jobScriptMissing(looked: [script.path])
        }
        return (launch, java, script)
    }

    // MARK: - Files

    /// Writes `userId,movieId,rating` with a header; ratings are printed exactly (shortest
    /// representation that reads back as the same Float).
    package static func writeRatingsCSV(_ ratings: RatingsTable, catalog: Catalog, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SparkEngineError.cannotStage(path: url.path, reason: "the file cannot be created")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var text = "userId,movieId,rating\n"
        for r in 0..<ratings.count where catalog.index(of: Int(ratings.movieIDs[r])) != nil {
            text += "\(ratings.userIDs[r]),\(ratings.movieIDs[r]),\(ratings.values[r])\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Reads the job's factor files into a model aligned with `matrix` and `catalog`.
    package static func readModel(userFile: URL, itemFile: URL, matrix: RatingMatrix, catalog: Catalog, settings: ALSSettings) throws -> ALSModel {
        let k = settings.rank
        let users = try readFactors(userFile, rank: k)
        let items = try readFactors(itemFile, rank: k)
        var userFactors = [Float](repeating: 0, count: matrix.userCount * k)
        var found = [Bool](repeating: false, count: matrix.userCount)
        for (row, id) in users.ids.enumerated() {
            guard let u = matrix.userIndex(of: id) else { continue }
            for c in 0..<k { userFactors[u * k + c] = users.values[row * k + c] }
            found[u] = true
        }
        if let missing = found.firstIndex(of: false) {
            throw SparkEngineError.badOutput(
                file: userFile.lastPathComponent,
                reason: "user \(matrix.userIDs[missing]) has ratings but no factor (\(found.filter { !$0 }.count) users missing)")
        }
        var itemFactors = [Float](repeating: 0, count: catalog.count * k)
        var hasFactor = [Bool](repeating: false, count: catalog.count)
        for (row, id) in items.ids.enumerated() {
            guard let i = catalog.index(of: id) else { continue }
            for c in 0..<k { itemFactors[i * k + c] = items.values[row * k + c] }
            hasFactor[i] = true
        }
        return ALSModel(rank: k, userIDs: matrix.userIDs, userFactors: userFactors,
                        itemFactors: itemFactors, itemHasFactor: hasFactor, settings: settings)
    }

    /// Reads `id,f1,…,fk` rows (no header) as written by `spark/train_als.py`.
    package static func readFactors(_ url: URL, rank k: Int) throws -> (ids: [Int], values: [Float]) {
        let file = DataFile(url: url, name: url.lastPathComponent)
        var ids: [Int] = []
        var values: [Float] = []
        do {
            try file.withBytes { bytes in
                var scanner = ByteScanner(bytes: bytes, separator: .byte(UInt8(ascii: ",")))
                while scanner.nextRecord() {
                    guard scanner.fieldCount == k + 1 else {
                        throw SparkEngineError.badOutput(
                            file: file.name, reason: "line \(scanner.line) has \(scanner.fieldCount) fields, expected \(k + 1) (id and rank \(k) factors)")
                    }
                    guard let id = ByteNumbers.int(scanner.slice(scanner[0])) else {
                        throw SparkEngineError.badOutput(file: file.name, reason: "line \(scanner.line) does not start with an id")
                    }
                    ids.append(Int(id))
                    for c in 1...k {
                        guard let v = ByteNumbers.double(scanner.slice(scanner[c])), v.isFinite else {
                            throw SparkEngineError.badOutput(file: file.name, reason: "line \(scanner.line) field \(c + 1) is not a finite number")
                        }
                        values.append(Float(v))
                    }
                }
            }
        } catch let error as CoreError {
            throw SparkEngineError.badOutput(file: file.name, reason: "\(error)")
        }
        return (ids, values)
    }

    // MARK: - Running

    struct RunResult {
        var status: Int32
        var stderr: String
    }

    /// Runs the job with output going to files (no pipe can fill up and stall Spark), forwarding
    /// the job's own `train_als:` lines to `log` when it has finished.
    static func run(
        _ executable: URL, arguments: [String], environment: [String: String],
        logDirectory: URL, log: (@Sendable (String) -> Void)?
    ) throws -> RunResult {
        let stdoutURL = logDirectory.appendingPathComponent("spark.stdout")
        let stderrURL = logDirectory.appendingPathComponent("spark.stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = logDirectory
        do {
            let out = try FileHandle(forWritingTo: stdoutURL)
            let err = try FileHandle(forWritingTo: stderrURL)
            defer {
                try? out.close()
                try? err.close()
            }
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw SparkEngineError.cannotLaunch(path: executable.path, reason: "\(error)")
        }
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        if let log {
            for line in (stdout + stderr).split(separator: "\n") where line.hasPrefix("train_als: ") { log(String(line)) }
        }
        return RunResult(status: process.terminationStatus, stderr: stderr)
    }

    /// A known cause in the job's error output, phrased as what to do.
    package static func hint(forStderr stderr: String) -> String? {
        if stderr.contains("No module named 'numpy'") || stderr.contains("No module named 'pyspark'") {
            return "the Python that runs the job lacks pyspark or numpy: run scripts/install-pyspark, or 'pip install pyspark numpy' into the Python Spark uses (PYSPARK_PYTHON)"
        }
        if stderr.contains("JAVA_HOME is not set") || stderr.contains("java: not found") || stderr.contains("No such file or directory") && stderr.contains("java") {
            return "Spark cannot start Java: \(SparkEngineError.javaInstall)"
        }
        if stderr.contains("OutOfMemoryError") || stderr.contains("Java heap space") {
            return "Spark ran out of memory: give the driver more, e.g. SPARK_DRIVER_MEMORY=4g"
        }
        if stderr.contains("Could not parse Master URL") || stderr.contains("Master must either be yarn or start with spark, k8s, or local") {
            return "the master URL is not one Spark accepts (local[*], local[N], spark://HOST:PORT, yarn, k8s://…)"
        }
        if stderr.contains("Failed to connect to master") || stderr.contains("All masters are unresponsive") {
            return "Spark could not reach the master: check the URL and that the cluster is up"
        }
        return nil
    }

    /// The last lines of Spark's error output, without its INFO/WARN chatter.
    package static func tail(_ stderr: String, lines: Int = 15) -> String {
        let kept = stderr.split(separator: "\n", omittingEmptySubsequences: true).filter {
            !$0.contains(" INFO ") && !$0.contains(" WARN ") && !$0.hasPrefix("Setting default log level")
                && !$0.hasPrefix("To adjust logging level")
        }
        return kept.suffix(lines).joined(separator: "\n")
    }
}

/// Why training on Spark failed, with the command that fixes it where there is one.
package enum SparkEngineError: Error, Equatable, CustomStringConvertible {
    static let pysparkInstall = "scripts/install-pyspark (a virtualenv in bench/.venv), or 'pip install pyspark numpy'"
    static let javaInstall = "install Java 17 ('apt-get install openjdk-17-jre-headless') or set JAVA_HOME"

    /// No `spark-submit` anywhere recsite looks.
    case sparkNotFound(looked: [String])
    /// An explicitly given `spark-submit` does not exist or cannot run.
    case sparkSubmitNotExecutable(path: String)
    /// No `java` on PATH or in JAVA_HOME.
    case javaNotFound
    /// `spark/train_als.py` could not be found.
    case jobScriptMissing(looked: [String])
    /// The temporary input could not be written.
    case cannotStage(path: String, reason: String)
    /// `spark-submit` could not be started.
    case cannotLaunch(path: String, reason: String)
    /// The job ran and failed.
    case jobFailed(status: Int32, command: String, hint: String?, tail: String)
    /// The job's factor files are not what it should have written.
    case badOutput(file: String, reason: String)

    package var description: String {
        switch self {
        case let .sparkNotFound(looked):
            return "cannot find spark-submit (looked in: \(looked.joined(separator: ", "))); install PySpark with \(Self.pysparkInstall), or set SPARK_HOME"
        case let .sparkSubmitNotExecutable(path):
            return "\(path) is not an executable spark-submit; install PySpark with \(Self.pysparkInstall)"
        case .javaNotFound:
            return "Spark needs Java, and there is no java on PATH or in JAVA_HOME: \(Self.javaInstall)"
        case let .jobScriptMissing(looked):
            return "cannot find the Spark job spark/train_als.py (looked in: \(looked.joined(separator: ", "))); run recsite from its repository or set RECSITE_SPARK_JOB"
        case let .cannotStage(path, reason):
            return "cannot write Spark's input to \(path): \(reason)"
        case let .cannotLaunch(path, reason):
            return "cannot start \(path): \(reason)"
        case let .jobFailed(status, command, hint, tail):
            var text = "the Spark job failed (exit status \(status)): \(command)"
            if let hint { text += "\n\(hint)" }
            if !tail.isEmpty { text += "\nLast lines from Spark:\n\(tail)" }
            return text
        case let .badOutput(file, reason):
            return "the Spark job's \(file) is not usable: \(reason)"
        }
    }
}

/// Finds `spark-submit`, `java` and the job script; every lookup reads only the injected
/// environment, folders and probe, and the file system.
package struct SparkLocator: Sendable {
    /// A `spark-submit` to run and the variables it needs (the virtualenv's Python, if any).
    package struct Launch: Equatable {
        package var executable: URL
        package var environment: [String: String]

        package init(executable: URL, environment: [String: String]) {
            self.executable = executable
            self.environment = environment
        }
    }

    package var environment: [String: String]
    package var workingDirectory = FileManager.default.currentDirectoryPath
    package var executablePath = CommandLine.arguments.first ?? ""
    /// Returns the folder of the `pyspark` package a `python3` imports; the last resort.
    package var pythonProbe: @Sendable (String) -> String? = SparkLocator.probePyspark

    package init(environment: [String: String]) {
        self.environment = environment
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// `name` in each PATH folder.
    func onPath(_ name: String) -> String? {
        (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }.first(where: Self.isExecutable)
    }

    /// The working directory, then the executable's folder and up to five of its parents
    /// (the repository, for `.build/release/recsite`).
    var searchRoots: [URL] {
        var roots = [URL(fileURLWithPath: workingDirectory)]
        var folder = URL(fileURLWithPath: executablePath).standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        var seen = Set<String>()
        return roots.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    package func locate(explicit: URL?) throws -> Launch {
        if let explicit {
            guard Self.isExecutable(explicit.path) else { throw SparkEngineError.sparkSubmitNotExecutable(path: explicit.path) }
            return launch(explicit.standardizedFileURL)
        }
        var looked: [String] = []
        if let home = environment["SPARK_HOME"], !home.isEmpty {
            let path = "\(home)/bin/spark-submit"
            if Self.isExecutable(path) { return launch(URL(fileURLWithPath: path)) }
            looked.append(path)
        }
        if let path = onPath("spark-submit") { return launch(URL(fileURLWithPath: path)) }
        looked.append("PATH")
        for root in searchRoots {
            let venv = root.appendingPathComponent("bench/.venv")
            let bin = venv.appendingPathComponent("bin/spark-submit")
            if Self.isExecutable(bin.path) { return launch(bin) }
            looked.append(bin.path)
            if let inside = packagedSparkSubmit(venv: venv) { return launch(inside) }
        }
        if let python = onPath("python3"), let folder = pythonProbe(python), !folder.isEmpty {
            let path = "\(folder)/bin/spark-submit"
            if Self.isExecutable(path) {
                return Launch(executable: URL(fileURLWithPath: path), environment: ["PYSPARK_PYTHON": python, "PYSPARK_DRIVER_PYTHON": python])
            }
        }
        looked.append("python3's pyspark package")
        throw SparkEngineError.sparkNotFound(looked: looked)
    }

    /// `lib/python3.*/site-packages/pyspark/bin/spark-submit` inside a virtualenv.
    private func packagedSparkSubmit(venv: URL) -> URL? {
        let lib = venv.appendingPathComponent("lib")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []).filter { $0.hasPrefix("python") }.sorted()
        for version in versions.reversed() {
            let path = lib.appendingPathComponent("\(version)/site-packages/pyspark/bin/spark-submit")
            if Self.isExecutable(path.path) { return path }
        }
        return nil
    }

    /// The launch for a `spark-submit`, with the Python of the virtualenv it lives in (its
    /// `bin/`, or the `site-packages/pyspark/bin/` of one) unless PYSPARK_PYTHON is already set.
    package func launch(_ sparkSubmit: URL) -> Launch {
        guard environment["PYSPARK_PYTHON"] == nil else { return Launch(executable: sparkSubmit, environment: [:]) }
        var folder = sparkSubmit.deletingLastPathComponent()
        for _ in 0..<8 {
            let python = folder.appendingPathComponent("python").path
            if FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("pyvenv.cfg").path),
               Self.isExecutable(python) {
                return Launch(executable: sparkSubmit, environment: ["PYSPARK_PYTHON": python, "PYSPARK_DRIVER_PYTHON": python])
            }
            // From site-packages/pyspark/bin, climb to the virtualenv's bin/.
            if folder.lastPathComponent == "lib" {
                folder = folder.deletingLastPathComponent().appendingPathComponent("bin")
                continue
            }
            folder = folder.deletingLastPathComponent()
        }
        return Launch(executable: sparkSubmit, environment: [:])
    }

    /// `java` from JAVA_HOME or PATH, and the JAVA_HOME to give Spark when none is set.
    package func javaExecutable() throws -> (path: String, javaHome: String?) {
        if let home = environment["JAVA_HOME"], !home.isEmpty, Self.isExecutable("\(home)/bin/java") {
            return ("\(home)/bin/java", nil)
        }
        guard let path = onPath("java") else { throw SparkEngineError.javaNotFound }
        // /usr/bin/java → /usr/lib/jvm/…/bin/java → JAVA_HOME /usr/lib/jvm/…
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let home = real.deletingLastPathComponent().deletingLastPathComponent().path
        return (path, Self.isExecutable("\(home)/bin/java") ? home : nil)
    }

    /// `$RECSITE_SPARK_JOB`, else `spark/train_als.py` under a search root.
    package func jobScript() throws -> URL {
        if let given = environment["RECSITE_SPARK_JOB"], !given.isEmpty { return URL(fileURLWithPath: given) }
        let candidates = searchRoots.map { $0.appendingPathComponent("spark/train_als.py") }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return found }
        throw SparkEngineError.jobScriptMissing(looked: candidates.map(\.path))
    }

    /// The folder of the `pyspark` package `python` imports, or nil.
    package static func probePyspark(_ python: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
