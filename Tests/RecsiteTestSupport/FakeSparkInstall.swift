import Foundation

/// A fake Spark install for hermetic tests: `jdk/bin/java` that does nothing, a `spark-submit`
/// shell script that reads recsite's arguments and runs `body`, and a job-script path.
package struct FakeSparkInstall {
    package let folder: TemporaryDirectory
    package var javaHome: URL { folder.url.appendingPathComponent("jdk") }
    package var sparkSubmit: URL { folder.url.appendingPathComponent("spark/bin/spark-submit") }
    package var job: URL { folder.url.appendingPathComponent("train_als.py") }
    /// The environment that makes recsite find this Java and this job script.
    package var environment: [String: String] {
        ["PATH": "/usr/bin:/bin", "JAVA_HOME": javaHome.path, "RECSITE_SPARK_JOB": job.path]
    }

    /// `body` is the script after the argument loop, with `$ratings`, `$out`, `$rank` and `$master` set.
    package init(body: String = Self.writesFactors(itemDivisor: 10)) throws {
        folder = try TemporaryDirectory(prefix: "recsite-fake-spark")
        try Self.executable(folder.write("jdk/bin/java", "#!/bin/sh\nexit 0\n"))
        try folder.write("train_als.py", "# never run by the fake\n")
        try Self.executable(folder.write("spark/bin/spark-submit", """
            #!/bin/sh
            while [ $# -gt 0 ]; do
              case "$1" in
                --ratings) ratings="$2"; shift ;;
                --out) out="$2"; shift ;;
                --rank) rank="$2"; shift ;;
                --master) master="$2"; shift ;;
              esac
              shift
            done
            \(body)
            """))
    }

    /// Every user gets 0.5 in each component and movie m gets m/`itemDivisor`, so a prediction
    /// is rank · 0.5 · m/`itemDivisor`; logs "train_als: fake fit on MASTER".
    package static func writesFactors(itemDivisor: Int) -> String {
        """
        mkdir -p "$out"
        awk -F, -v k="$rank" 'NR > 1 && !seen[$1]++ { line = $1; for (i = 0; i < k; i++) line = line ",0.5"; print line }' "$ratings" > "$out/user_factors.csv"
        awk -F, -v k="$rank" 'NR > 1 && !seen[$2]++ { line = $2; for (i = 0; i < k; i++) line = line "," ($2 / \(itemDivisor)); print line }' "$ratings" > "$out/item_factors.csv"
        echo "train_als: fake fit on $master" >&2
        """
    }

    package static func executable(_ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
}
