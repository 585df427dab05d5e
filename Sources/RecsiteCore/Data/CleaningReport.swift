/// Why a row was left out of the ratings or the catalog.
package enum DropReason: String, Sendable, Codable, CaseIterable, Comparable {
    case missingRating = "missing rating (NA or empty)"
    case invalidRating = "rating not a number"
    case outOfRangeRating = "rating out of range"
    case unknownMovie = "rating of a movie not in the catalog"
    case duplicatePair = "duplicate (user, movie) pair; the latest was kept"
    case malformedRow = "malformed row"

    package static func < (a: DropReason, b: DropReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Why a row was kept but changed: the data had a flaw recsite could mend without guessing.
package enum RepairReason: String, Sendable, Codable, CaseIterable, Comparable {
    case emptyTitle = "movie without a title (shown as “Untitled (movie N)”)"
    case controlCharacters = "control characters removed from a title"
    case latin1Field = "text not valid UTF-8 in a UTF-8 file (read as Latin-1)"

    package static func < (a: RepairReason, b: RepairReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What loading and cleaning did to the data: rows read, rows kept, and rows dropped by reason.
package struct CleaningReport: Sendable, Codable, Equatable {
    package var ratingRowsRead = 0
    package var movieRowsRead = 0
    /// Dropped rating rows per reason (movies rows dropped are counted under `malformedRow` too).
    package var dropped: [DropReason: Int] = [:]
    /// Rows kept after a repair, per reason.
    package var repaired: [RepairReason: Int] = [:]
    /// The first few problems with their location ("u.data:17: rating '9' out of range"), for the summary.
    package var examples: [String] = []

    package init() {}

    package mutating func repair(_ reason: RepairReason, example: @autoclosure () -> String) {
        repaired[reason, default: 0] += 1
        if examples.count < 20 { examples.append(example()) }
    }

    /// Repaired counts in a stable order.
    package var repairedInOrder: [(reason: RepairReason, count: Int)] {
        repaired.keys.sorted().map { ($0, repaired[$0]!) }
    }

    package mutating func drop(_ reason: DropReason, example: @autoclosure () -> String) {
        dropped[reason, default: 0] += 1
        if examples.count < 20 { examples.append(example()) }
    }

    /// Dropped counts in a stable order, for pages and summaries.
    package var droppedInOrder: [(reason: DropReason, count: Int)] {
        dropped.keys.sorted().map { ($0, dropped[$0]!) }
    }

    package var totalDropped: Int { dropped.values.reduce(0, +) }
}
