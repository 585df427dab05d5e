import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

/// Seeded random mutations of every layout's files (issue 6): the loader returns a data set whose
/// ratings are all valid, or a typed `CoreError`; it never crashes, never hangs, and `--strict`
/// never accepts what the lenient mode had to drop.
@Suite("Reader fuzzing", .serialized)
struct ReaderFuzzTests {
    /// A small valid data set per layout: relative path → bytes.
    static let seeds: [(layout: String, files: [String: [UInt8]])] = [
        ("csv", [
            "movies.csv": Array("""
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
                2,"American President, The (1995)",Comedy|Drama|Romance
                3,"11'09""01 - September 11 (2002)",Drama
                4,Cosmos,(no genres listed)

                """.utf8),
            "ratings.csv": Array("""
                userId,movieId,rating,timestamp
                1,1,4.0,964982703
                1,2,4.5,964981247
                2,1,2.5,964982224
                2,3,5.0,964983815
                3,4,3.0,964982931

                """.utf8),
        ]),
        ("dat", [
            "movies.dat": Array("1::Toy Story (1995)::Animation|Children's|Comedy\n51372::\"Great Performances\" Cats (1998)::Musical\n".utf8)
                + Array("73::Mis".utf8) + [0xE9] + Array("rables, Les (1995)::Drama|Musical\n".utf8),
            "ratings.dat": Array("1::1::5::978300760\n1::73::3::978302109\n2::51372::4::978301968\n2::1::2::978300275\n".utf8),
        ]),
        ("ml100k", [
            "u.item": Array("1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n".utf8)
                + Array("267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n".utf8)
                + Array("543|Mis".utf8) + [0xE9] + Array("rables, Les (1995)|01-Jan-1995||http://y|0|0|0|0|0|0|0|0|1|0|0|0|1|0|0|0|0|0|0\n".utf8),
            "u.data": Array("196\t1\t3\t881250949\n186\t267\t3\t891717742\n22\t543\t1\t878887116\n22\t1\t5\t878887117\n".utf8),
        ]),
        ("recbole", [
            "ml-100k.item": Array("item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n1\tToy Story\t1995\tAnimation Children's Comedy\n2\tGoldenEye\t1995\tAction Adventure Thriller\n".utf8),
            "ml-100k.inter": Array("user_id:token\titem_id:token\trating:float\ttimestamp:float\n196\t1\t3\t881250949\n186\t2\t3\t891717742\n196\t2\t5\t881250950\n".utf8),
        ]),
        ("belief2024", [
            "data_release/movies.csv": Array("movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n90,The Journey of August King (1995),Drama\n113741,Coherence (2013),\n".utf8),
            "data_release/user_rating_history.csv": Array("userId,movieId,rating,tstamp\n7001,1,4,1998-06-18 16:31:37\n7001,90,NA,2006-03-22 19:55:28\n7002,113741,3.5,2019-01-01 00:00:00\n7002,113741,4.0,2019-01-01 00:00:22\n".utf8),
        ]),
    ]

    @Test("every seed loads as it is", arguments: seeds.map(\.layout))
    func seedsLoad(layout: String) throws {
        let seed = try #require(Self.seeds.first { $0.layout == layout })
        let folder = try TemporaryDirectory(prefix: "recsite-fuzz")
        defer { folder.remove() }
        for (path, bytes) in seed.files { try folder.write(path, bytes: bytes) }
        let dataset = try DatasetLoader.load(directory: folder.url)
        #expect(dataset.ratings.count >= 2)
    }

    @Test("mutated files load or fail with a typed error; kept ratings are valid; strict never keeps more", arguments: seeds.map(\.layout))
    func mutations(layout: String) throws {
        let seed = try #require(Self.seeds.first { $0.layout == layout })
        var fuzzer = Fuzzer(seed: UInt64(layout.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        var slowest = SlowestCall()
        var outcomes = (loaded: 0, rejected: 0)
        let folder = try TemporaryDirectory(prefix: "recsite-fuzz")
        defer { folder.remove() }
        let paths = seed.files.keys.sorted()
        for round in 0..<Fuzzer.iterations {
            var files = seed.files
            let target = fuzzer.pick(paths)
            files[target] = fuzzer.mutate(files[target]!)
            if fuzzer.below(4) == 0 {  // sometimes both files at once
                let other = fuzzer.pick(paths)
                files[other] = fuzzer.mutate(files[other]!)
            }
            for (path, bytes) in files { try folder.write(path, bytes: bytes) }
            let label = "\(layout) round \(round): \(target) = \(String(decoding: files[target]!.prefix(300), as: UTF8.self).debugDescription)"
            let lenient: Dataset?
            do {
                lenient = try slowest.time(label) { try DatasetLoader.load(directory: folder.url) }
                outcomes.loaded += 1
            } catch is CoreError {
                lenient = nil
                outcomes.rejected += 1
            } catch {
                Issue.record("\(label): untyped error \(error)")
                continue
            }
            if let lenient {
                let ratings = lenient.ratings
                for r in 0..<ratings.count {
                    let value = ratings.values[r]
                    #expect(value >= 0.5 && value <= 5, "\(label): rating \(value) kept")
                    #expect(lenient.catalog.index(of: Int(ratings.movieIDs[r])) != nil, "\(label): rating of a movie not in the catalog kept")
                }
            }
            do {
                let strict = try slowest.time(label) { try DatasetLoader.load(directory: folder.url, strict: true) }
                #expect(lenient != nil, "\(label): strict accepted what lenient rejected")
                #expect(strict.ratings.count == lenient?.ratings.count, "\(label): strict and lenient kept different ratings")
                #expect(strict.cleaning.totalDropped == 0 || strict.cleaning.droppedInOrder.allSatisfy { $0.0 == .duplicatePair },
                        "\(label): strict dropped rows without stopping: \(strict.cleaning.droppedInOrder)")
            } catch is CoreError {
            } catch {
                Issue.record("\(label): untyped error in strict mode \(error)")
            }
        }
        #expect(slowest.seconds < 2, "slowest input took \(slowest.seconds) s: \(slowest.input)")
        #expect(outcomes.loaded > 0 && outcomes.rejected > 0, "\(layout): \(outcomes) — the mutations should both pass and fail")
    }
}
