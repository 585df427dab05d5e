/// Errors from reading and modelling data, each a sentence a user can act on.
package enum CoreError: Error, Equatable, CustomStringConvertible {
    /// A row could not be read: `file:line: reason`.
    case malformedRow(file: String, line: Int, reason: String)
    /// A file the layout needs could not be opened.
    case unreadableFile(path: String, reason: String)
    /// The folder matches none of the known MovieLens layouts.
    case unknownLayout(directory: String, found: [String])
    /// After cleaning, nothing is left to train on.
    case noRatings(source: String)
    /// A setting is outside what the model accepts.
    case invalidSetting(name: String, reason: String)
    /// Users were asked for by id but have no ratings in the data set.
    case unknownUsers(ids: [Int], knownCount: Int)

    package var description: String {
        switch self {
        case let .malformedRow(file, line, reason):
            return "\(file):\(line): \(reason)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unknownLayout(directory, found):
            let layouts = DatasetLayout.allCases.map { "  - \($0.summary)" }.joined(separator: "\n")
            let seen = found.isEmpty ? "nothing" : found.prefix(12).joined(separator: ", ")
            return "\(directory) holds no MovieLens data set I can read (found: \(seen)).\nExpected one of these layouts:\n\(layouts)"
        case let .noRatings(source):
            return "\(source) has no usable ratings after cleaning"
        case let .invalidSetting(name, reason):
            return "invalid \(name): \(reason)"
        case let .unknownUsers(ids, knownCount):
            let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
            let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
            let noun = ids.count == 1 ? "user \(shown) has" : "users \(shown)\(more) have"
            return "\(noun) no ratings in the data set (\(knownCount) users do); pick users that rated movies"
        }
    }
}
