/// Decides what happens to a bad row: counted and skipped, or, in strict mode, an error.
///
/// Every reader reports through one recorder so the two modes behave the same in every
/// layout, and the cleaning report collects the counts and `file:line: reason` examples.
package struct IssueRecorder: Sendable {
    /// When true the first bad row throws `CoreError.malformedRow` instead of being skipped.
    package let strict: Bool
    package var report = CleaningReport()

    package init(strict: Bool) {
        self.strict = strict
    }

    /// Skips a row for `reason`, or throws in strict mode. `message` reads as the rest of the
    /// sentence after `file:line:` ("rating 'abc' is not a number").
    package mutating func drop(_ reason: DropReason, file: String, line: Int, _ message: @autoclosure () -> String) throws {
        if strict { throw CoreError.malformedRow(file: file, line: line, reason: message()) }
        report.drop(reason, example: "\(file):\(line): \(message())")
    }

    /// Keeps a row after mending it. `failsStrict` rows are flaws of the file (an empty title,
    /// bytes in the wrong encoding), so strict mode stops on them; cosmetic repairs never stop it.
    package mutating func repair(_ reason: RepairReason, file: String, line: Int, failsStrict: Bool,
                                 _ message: @autoclosure () -> String) throws {
        if strict && failsStrict { throw CoreError.malformedRow(file: file, line: line, reason: message()) }
        report.repair(reason, example: "\(file):\(line): \(message())")
    }

    /// Records a row that was resolved rather than rejected (a re-rating superseded by a later
    /// one); it is counted in both modes because strict mode is about unreadable data, and a
    /// user rating a movie twice is legitimate history, not a broken file.
    package mutating func resolve(_ reason: DropReason, file: String, line: Int, _ message: @autoclosure () -> String) {
        report.drop(reason, example: "\(file):\(line): \(message())")
    }
}
