/// Keeps one rating per (user, movie): the one with the latest timestamp, and on equal
/// timestamps the later row, matching "the user's most recent opinion wins".
///
/// Sorted files (ml-latest, ml-25m are ordered by user then movie) are checked in one pass.
/// Otherwise rows are bucketed by user with a counting sort and each bucket is checked
/// against a table indexed by movie id: O(n) with no comparison sort, which matters at 25M
/// rows. Sparse ids beyond what a table can hold fall back to sorting.
enum RatingsDeduplicator {
    /// Removes superseded ratings from `table` in place (no second 25M-row copy), keeping
    /// the remaining rows in file order, and reports each removed row.
    static func keepLatest(
        _ table: inout RatingsTable, lines: LineMap, file: String, issues: inout IssueRecorder
    ) {
        let n = table.count
        if isStrictlyIncreasing(table) { return }
        let keep = rowsToKeep(table, lines: lines, file: file, issues: &issues)
        var kept = 0
        for row in 0..<n where keep[row] {
            if kept != row {
                table.userIDs[kept] = table.userIDs[row]
                table.movieIDs[kept] = table.movieIDs[row]
                table.values[kept] = table.values[row]
                table.timestamps[kept] = table.timestamps[row]
            }
            kept += 1
        }
        table.userIDs.removeLast(n - kept)
        table.movieIDs.removeLast(n - kept)
        table.values.removeLast(n - kept)
        table.timestamps.removeLast(n - kept)
    }

    /// Marks the winner of every (user, movie) pair and reports the others.
    private static func rowsToKeep(
        _ table: RatingsTable, lines: LineMap, file: String, issues: inout IssueRecorder
    ) -> [Bool] {
        var keep = [Bool](repeating: true, count: table.count)
        // Each loser is reported with the row that finally won its pair.
        let report = { (loser: Int, winner: Int, issues: inout IssueRecorder) in
            issues.resolve(
                .duplicatePair, file: file, line: lines.line(ofRow: loser),
                "user \(table.userIDs[loser]) rated movie \(table.movieIDs[loser]) again; kept line \(lines.line(ofRow: winner)) (latest timestamp)")
        }
        let maxUser = Int(table.userIDs.max() ?? 0)
        let maxMovie = Int(table.movieIDs.max() ?? 0)
        if maxUser <= 4 * table.count + (1 << 20), maxMovie < 1 << 26 {
            markWithTables(table, maxUser: maxUser, maxMovie: maxMovie, keep: &keep) { loser, winner in
                report(loser, winner, &issues)
            }
        } else {
            markBySorting(table, keep: &keep) { loser, winner in report(loser, winner, &issues) }
        }
        return keep
    }

    /// True when (user, movie) strictly increases row by row: then no pair repeats.
    private static func isStrictlyIncreasing(_ table: RatingsTable) -> Bool {
        var previous: UInt64? = nil
        for row in 0..<table.count {
            let key = pairKey(table, row)
            if let previous, key <= previous { return false }
            previous = key
        }
        return true
    }

    private static func pairKey(_ table: RatingsTable, _ row: Int) -> UInt64 {
        UInt64(UInt32(bitPattern: table.userIDs[row])) << 32 | UInt64(UInt32(bitPattern: table.movieIDs[row]))
    }

    /// True when `candidate` replaces `current` as the kept rating of a pair.
    @inline(__always)
    private static func supersedes(_ candidate: Int, _ current: Int, _ table: RatingsTable) -> Bool {
        let (a, b) = (table.timestamps[candidate], table.timestamps[current])
        return a > b || (a == b && candidate > current)
    }

    /// Counting sort by user, then one pass per user with a movie-indexed table of the
    /// current winner; a stamp per slot says which user wrote it, so the table is never cleared.
    private static func markWithTables(
        _ table: RatingsTable, maxUser: Int, maxMovie: Int, keep: inout [Bool],
        report: (_ loser: Int, _ winner: Int) -> Void
    ) {
        let n = table.count
        var starts = [Int](repeating: 0, count: maxUser + 2)
        for user in table.userIDs { starts[Int(user) + 1] += 1 }
        for u in 0...maxUser { starts[u + 1] += starts[u] }
        var next = starts
        var order = [Int32](repeating: 0, count: n)
        for row in 0..<n {
            let user = Int(table.userIDs[row])
            order[next[user]] = Int32(row)
            next[user] += 1
        }

        var stamp = [Int32](repeating: -1, count: maxMovie + 1)
        var winner = [Int32](repeating: 0, count: maxMovie + 1)
        var losers: [Int] = []
        for u in 0...maxUser where starts[u + 1] - starts[u] > 1 {
            // Rows in a bucket are in file order (the counting sort is stable).
            for k in starts[u]..<starts[u + 1] {
                let row = Int(order[k])
                let movie = Int(table.movieIDs[row])
                guard stamp[movie] == Int32(truncatingIfNeeded: u) else {
                    stamp[movie] = Int32(truncatingIfNeeded: u)
                    winner[movie] = Int32(row)
                    continue
                }
                let current = Int(winner[movie])
                if supersedes(row, current, table) {
                    losers.append(current)
                    winner[movie] = Int32(row)
                } else {
                    losers.append(row)
                }
            }
            for loser in losers {
                keep[loser] = false
                report(loser, Int(winner[Int(table.movieIDs[loser])]))
            }
            losers.removeAll(keepingCapacity: true)
        }
    }

    /// Sorts row indices by (user, movie, row) and keeps the winner of each run of equal pairs.
    private static func markBySorting(
        _ table: RatingsTable, keep: inout [Bool], report: (_ loser: Int, _ winner: Int) -> Void
    ) {
        let n = table.count
        let order = (0..<n).sorted { a, b in
            let (ka, kb) = (pairKey(table, a), pairKey(table, b))
            return ka != kb ? ka < kb : a < b
        }
        var runStart = 0
        while runStart < n {
            var runEnd = runStart + 1
            while runEnd < n, pairKey(table, order[runEnd]) == pairKey(table, order[runStart]) { runEnd += 1 }
            if runEnd - runStart > 1 {
                var best = order[runStart]
                for k in (runStart + 1)..<runEnd where supersedes(order[k], best, table) { best = order[k] }
                for k in runStart..<runEnd where order[k] != best {
                    keep[order[k]] = false
                    report(order[k], best)
                }
            }
            runStart = runEnd
        }
    }
}
