/// Ratings as parallel flat arrays (one entry per rating), the form every reader returns.
///
/// Flat arrays keep 25M ratings at ~500 MB instead of an array of structs with padding.
package struct RatingsTable: Sendable {
    package var userIDs: [Int32] = []
    package var movieIDs: [Int32] = []
    package var values: [Float] = []
    /// Seconds since 1970 (UTC); 0 when the file has none.
    package var timestamps: [Int64] = []

    package init() {}

    package var count: Int { values.count }

    package mutating func reserveCapacity(_ n: Int) {
        userIDs.reserveCapacity(n)
        movieIDs.reserveCapacity(n)
        values.reserveCapacity(n)
        timestamps.reserveCapacity(n)
    }

    package mutating func append(user: Int32, movie: Int32, rating: Float, timestamp: Int64) {
        userIDs.append(user)
        movieIDs.append(movie)
        values.append(rating)
        timestamps.append(timestamp)
    }
}
