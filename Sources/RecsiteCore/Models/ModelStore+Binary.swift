import Foundation

/// `factors.bin`, the binary half of a model folder. Every number is little-endian:
///
///     offset  size        field
///     0       8           magic "RSALSFAC"
///     8       4  UInt32   format version (ModelStore.formatVersion)
///     12      4  UInt32   rank k
///     16      4  UInt32   user count U
///     20      4  UInt32   movie count M
///     24      8  UInt64   FNV-1a 64 of every byte after the header
///     32      4U Int32    user ids, in the model's user order (ascending)
///             4M Int32    movie ids, in item order (the catalog's, ascending)
///             M  UInt8    1 when the movie has a factor, else 0; then zero bytes up to a multiple of 4
///             4Uk Float32 user factors, row-major
///             4Mk Float32 movie factors, row-major (zeros for movies without a factor)
///
/// The file's length must be exactly what the header implies, and the checksum must match, so a
/// truncated or damaged file is refused instead of being read as wrong factors.
extension ModelStore {
    static let magic = Array("RSALSFAC".utf8)
    static let headerSize = 32

    static func payloadSize(rank: Int, users: Int, movies: Int) -> Int {
        4 * users + 4 * movies + paddedFlags(movies) + 4 * rank * (users + movies)
    }

    private static func paddedFlags(_ movies: Int) -> Int { (movies + 3) / 4 * 4 }

    /// The bytes of `factors.bin` for a model whose items are the movies `movieIDs`.
    static func encodeFactors(_ model: ALSModel, movieIDs: [Int]) throws -> [UInt8] {
        let k = model.rank, users = model.userCount, movies = model.itemCount
        for (what, id) in [("user", model.userIDs.first { $0 < Int(Int32.min) || $0 > Int(Int32.max) }),
                           ("movie", movieIDs.first { $0 < Int(Int32.min) || $0 > Int(Int32.max) })] {
            if let id { throw ModelStoreError.cannotWrite(path: factorsFile, reason: "\(what) id \(id) does not fit in 32 bits") }
        }
        var out = ByteWriter(capacity: headerSize + payloadSize(rank: k, users: users, movies: movies))
        out.bytes += magic
        out.put(UInt32(formatVersion))
        out.put(UInt32(k))
        out.put(UInt32(users))
        out.put(UInt32(movies))
        out.put(UInt64(0))  // checksum, filled in below
        for id in model.userIDs { out.put(UInt32(bitPattern: Int32(id))) }
        for id in movieIDs { out.put(UInt32(bitPattern: Int32(id))) }
        for has in model.itemHasFactor { out.bytes.append(has ? 1 : 0) }
        out.bytes += [UInt8](repeating: 0, count: paddedFlags(movies) - movies)
        for v in model.userFactors { out.put(v.bitPattern) }
        for v in model.itemFactors { out.put(v.bitPattern) }
        var checksum = FNV1a64()
        out.bytes.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
        withUnsafeBytes(of: checksum.value.littleEndian) { raw in
            for i in 0..<8 { out.bytes[24 + i] = raw[i] }
        }
        return out.bytes
    }

    /// Parses and validates `factors.bin`.
    static func decodeFactors(_ data: Data, path: String, settings: ALSSettings) throws -> (model: ALSModel, movieIDs: [Int]) {
        func damaged(_ reason: String) -> ModelStoreError { .corruptFactors(path: path, reason: reason) }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard raw.count >= headerSize else {
                throw damaged("it has \(raw.count) bytes, fewer than the \(headerSize)-byte header (truncated)")
            }
            guard Array(raw[0..<8]) == magic else { throw damaged("it does not start with 'RSALSFAC'") }
            var reader = ByteReader(raw: raw, offset: 8)
            let version = Int(reader.uint32())
            guard version == formatVersion else {
                throw damaged("its format version is \(version), this recsite reads \(formatVersion)")
            }
            let k = Int(reader.uint32()), users = Int(reader.uint32()), movies = Int(reader.uint32())
            let checksum = reader.uint64()
            guard k >= 1, k <= 1_000 else { throw damaged("its rank \(k) is not between 1 and 1000") }
            let expected = headerSize + payloadSize(rank: k, users: users, movies: movies)
            guard raw.count == expected else {
                let how = raw.count < expected ? "truncated" : "has extra bytes"
                throw damaged("it has \(raw.count) bytes but rank \(k), \(users) users and \(movies) movies need \(expected) (\(how))")
            }
            var hash = FNV1a64()
            hash.add(UnsafeRawBufferPointer(rebasing: raw[headerSize...]))
            guard hash.value == checksum else {
                throw damaged("its checksum does not match its contents (expected \(FNV1a64.hex(checksum)), found \(FNV1a64.hex(hash.value)))")
            }
            let userIDs = (0..<users).map { _ in Int(Int32(bitPattern: reader.uint32())) }
            let movieIDs = (0..<movies).map { _ in Int(Int32(bitPattern: reader.uint32())) }
            var hasFactor = [Bool](repeating: false, count: movies)
            for i in 0..<movies {
                let flag = reader.byte()
                guard flag <= 1 else { throw damaged("movie flag \(i) is \(flag), not 0 or 1") }
                hasFactor[i] = flag == 1
            }
            reader.offset += paddedFlags(movies) - movies
            let userFactors = (0..<(users * k)).map { _ in Float(bitPattern: reader.uint32()) }
            let itemFactors = (0..<(movies * k)).map { _ in Float(bitPattern: reader.uint32()) }
            for (what, ids) in [("user", userIDs), ("movie", movieIDs)] where zip(ids, ids.dropFirst()).contains(where: { $0 >= $1 }) {
                throw damaged("its \(what) ids are not in ascending order")
            }
            if let bad = (userFactors + itemFactors).firstIndex(where: { !$0.isFinite }) {
                throw damaged("factor value \(bad) is not a finite number")
            }
            var settings = settings
            settings.rank = k
            let model = ALSModel(rank: k, userIDs: userIDs, userFactors: userFactors, itemFactors: itemFactors,
                                 itemHasFactor: hasFactor, settings: settings)
            return (model, movieIDs)
        }
    }
}

/// Appends little-endian numbers to a byte array.
private struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func put(_ v: UInt32) {
        let le = v.littleEndian
        withUnsafeBytes(of: le) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ v: UInt64) {
        let le = v.littleEndian
        withUnsafeBytes(of: le) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian numbers from bytes whose length was checked beforehand.
private struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var offset: Int

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return raw[offset]
    }

    mutating func uint32() -> UInt32 {
        defer { offset += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func uint64() -> UInt64 {
        defer { offset += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

// MARK: - Hashing

/// 64-bit FNV-1a (Fowler–Noll–Vo), byte by byte: tiny, fast enough (~0.3 s per 200 MB) and
/// stable across platforms; used for file checksums and data fingerprints, not for security.
package struct FNV1a64: Sendable {
    package private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    package init() {}

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* Self.prime }
        value = h
    }

    /// Adds a value's little-endian bytes.
    package mutating func add(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { add($0) }
    }

    /// Adds an array's elements' bytes as stored; every platform recsite builds for is
    /// little-endian, which the `#if` below enforces.
    package mutating func add<T: BitwiseCopyable>(contentsOf array: [T]) {
        #if !_endian(little)
        #error("FNV1a64.add(contentsOf:) hashes memory as stored and assumes a little-endian machine")
        #endif
        array.withUnsafeBytes { add($0) }
    }

    package static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h = FNV1a64()
        bytes.withUnsafeBytes { h.add($0) }
        return h.value
    }

    /// 16 lowercase hex digits.
    package static func hex(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Identifies the data a model was trained on: FNV-1a 64 over the training matrix and the catalog.
///
/// Hashed, in order: the tag `recsite-data-v1`; the user, movie and rating counts (UInt64); the
/// catalog's movie ids (Int64, ascending); the matrix's user ids (Int64, ascending), row pointers
/// (Int64), column indices (Int32) and rating values (Float32 bits), all little-endian. The
/// matrix is sorted by user id then movie, so the order of rows in the ratings file does not
/// matter, and time stamps (which do not affect training) are left out. Any change to a rating,
/// a user, or the set of movie ids changes it; titles and genres do not (the content model is
/// rebuilt from them).
package struct DataFingerprint: Sendable, Equatable, CustomStringConvertible {
    package let value: UInt64
    package let ratingCount: Int
    package let userCount: Int
    package let movieCount: Int

    package init(matrix: RatingMatrix, catalog: Catalog) {
        var h = FNV1a64()
        Array("recsite-data-v1".utf8).withUnsafeBytes { h.add($0) }
        h.add(UInt64(matrix.userCount))
        h.add(UInt64(catalog.count))
        h.add(UInt64(matrix.ratingCount))
        h.add(contentsOf: catalog.movies.map { Int64($0.id) })
        h.add(contentsOf: matrix.userIDs.map(Int64.init))
        h.add(contentsOf: matrix.userPointers.map(Int64.init))
        h.add(contentsOf: matrix.userItems)
        h.add(contentsOf: matrix.userValues.map(\.bitPattern))
        value = h.value
        ratingCount = matrix.ratingCount
        userCount = matrix.userCount
        movieCount = catalog.count
    }

    /// `fnv1a64:` and 16 hex digits, as `model.json` stores it.
    package var description: String { "fnv1a64:" + FNV1a64.hex(value) }
}
