/// The ratings as a sparse matrix, stored both by user (CSR) and by item (CSC).
///
/// Rows are dense user indices (users in ascending id order); columns are the catalog's dense
/// movie indices, so a movie nobody rated is a column with no entries. Indices are 32-bit and
/// values `Float` to keep ml-25m-sized data compact. Within a row, entries are sorted by column.
package struct RatingMatrix: Sendable {
    /// Dense user index → the data set's user id, ascending.
    package let userIDs: [Int]
    /// Number of columns (the catalog's size).
    package let itemCount: Int

    package let userPointers: [Int]
    package let userItems: [Int32]
    package let userValues: [Float]

    package let itemPointers: [Int]
    package let itemUsers: [Int32]
    package let itemValues: [Float]

    private let userIndexByID: [Int: Int]

    package var userCount: Int { userIDs.count }
    package var ratingCount: Int { userValues.count }

    /// Builds both orientations. Ratings whose movie is not in the catalog are ignored
    /// (the readers have already dropped and counted them).
    package init(ratings: RatingsTable, catalog: Catalog) {
        let n = ratings.count
        var columnOf = [Int32](repeating: -1, count: n)
        var ids = Set<Int>()
        for r in 0..<n {
            if let column = catalog.index(of: Int(ratings.movieIDs[r])) {
                columnOf[r] = Int32(column)
                ids.insert(Int(ratings.userIDs[r]))
            }
        }
        let userIDs = ids.sorted()
        var userIndexByID = [Int: Int](minimumCapacity: userIDs.count)
        for (i, id) in userIDs.enumerated() { userIndexByID[id] = i }
        var rowOf = [Int32](repeating: -1, count: n)
        for r in 0..<n where columnOf[r] >= 0 {
            rowOf[r] = Int32(userIndexByID[Int(ratings.userIDs[r])]!)
        }

        (userPointers, userItems, userValues) = Self.compress(
            major: rowOf, minor: columnOf, values: ratings.values, majorCount: userIDs.count)
        (itemPointers, itemUsers, itemValues) = Self.compress(
            major: columnOf, minor: rowOf, values: ratings.values, majorCount: catalog.count)
        self.userIDs = userIDs
        self.itemCount = catalog.count
        self.userIndexByID = userIndexByID
    }

    /// The dense index of a user id, or nil when the user has no ratings.
    package func userIndex(of userID: Int) -> Int? { userIndexByID[userID] }

    /// The columns and values of one user's row.
    package func row(_ user: Int) -> (items: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let range = userPointers[user]..<userPointers[user + 1]
        return (userItems[range], userValues[range])
    }

    /// The rows and values of one item's column.
    package func column(_ item: Int) -> (users: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let range = itemPointers[item]..<itemPointers[item + 1]
        return (itemUsers[range], itemValues[range])
    }

    /// Counting sort by the major index, then by the minor index inside each major slot.
    private static func compress(
        major: [Int32], minor: [Int32], values: [Float], majorCount: Int
    ) -> ([Int], [Int32], [Float]) {
        var pointers = [Int](repeating: 0, count: majorCount + 1)
        for m in major where m >= 0 { pointers[Int(m) + 1] += 1 }
        for i in 0..<majorCount { pointers[i + 1] += pointers[i] }
        let total = pointers[majorCount]
        var next = pointers
        var minors = [Int32](repeating: 0, count: total)
        var vals = [Float](repeating: 0, count: total)
        for r in 0..<major.count where major[r] >= 0 {
            let slot = next[Int(major[r])]
            minors[slot] = minor[r]
            vals[slot] = values[r]
            next[Int(major[r])] += 1
        }
        for m in 0..<majorCount {
            let range = pointers[m]..<pointers[m + 1]
            if range.count < 2 { continue }
            let sorted = range.map { (minors[$0], vals[$0]) }.sorted { $0.0 < $1.0 }
            for (offset, entry) in sorted.enumerated() {
                minors[range.lowerBound + offset] = entry.0
                vals[range.lowerBound + offset] = entry.1
            }
        }
        return (pointers, minors, vals)
    }
}
