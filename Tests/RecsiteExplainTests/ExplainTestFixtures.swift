import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport

/// Small synthetic requests and a scripted transport shared by the explainer tests.
enum ExplainTestFixtures {
    /// User 901: two crime thrillers and a cartoon liked; Casino (CF-driven) and Babe (content-driven) recommended.
    static func request(userID: Int = 901, alpha: Double = 0.5) -> ExplanationRequest {
        ExplanationRequest(
            userID: userID, ratingCount: 42, meanRating: 3.6,
            likedMovies: [
                .init(movieID: 6, title: "Heat", year: 1995, genres: ["Action", "Crime", "Thriller"], rating: 5),
                .init(movieID: 47, title: "Se7en", year: 1995, genres: ["Crime", "Thriller"], rating: 4.5),
                .init(movieID: 1, title: "Toy Story", year: 1995, genres: ["Animation", "Comedy"], rating: 4),
            ],
            genreProfile: [
                .init(genre: "Crime", count: 2, share: 2.0 / 3), .init(genre: "Thriller", count: 2, share: 2.0 / 3),
                .init(genre: "Action", count: 1, share: 1.0 / 3), .init(genre: "Animation", count: 1, share: 1.0 / 3),
                .init(genre: "Comedy", count: 1, share: 1.0 / 3),
            ],
            alpha: alpha,
            recommendations: [
                .init(rank: 1, movieID: 16, title: "Casino", year: 1995, genres: ["Crime", "Drama"], predictedRating: 4.6,
                      cfScore: 0.91, contentScore: 0.74, hybridScore: 0.825, closestLiked: ["Heat (1995)", "Se7en (1995)"]),
                .init(rank: 2, movieID: 34, title: "Babe", year: 1995, genres: ["Children's", "Comedy", "Drama"],
                      predictedRating: nil, cfScore: 0.2, contentScore: 0.6, hybridScore: 0.4,
                      closestLiked: ["Toy Story (1995)"]),
            ],
            alphaSummary: "α=0 and α=1 share 1 of 2 movies.",
            otherCandidates: ["Fargo (1996)", "Goodfellas (1990)"])
    }

    /// A different user: one liked comedy, one recommendation, no candidates.
    static func otherRequest() -> ExplanationRequest {
        ExplanationRequest(
            userID: 17, ratingCount: 9, meanRating: 4.1,
            likedMovies: [.init(movieID: 3, title: "Clueless", year: 1995, genres: ["Comedy", "Romance"], rating: 5)],
            genreProfile: [.init(genre: "Comedy", count: 1, share: 1), .init(genre: "Romance", count: 1, share: 1)],
            alpha: 0.8,
            recommendations: [
                .init(rank: 1, movieID: 39, title: "Emma", year: 1996, genres: ["Comedy", "Romance"], predictedRating: 4.2,
                      cfScore: 0.3, contentScore: 0.95, hybridScore: 0.82, closestLiked: ["Clueless (1995)"]),
            ],
            alphaSummary: "α=0 and α=1 share 0 of 1 movies.",
            otherCandidates: [])
    }

    /// The C17 fixture folder.
    static func c17(_ name: String) throws -> Data {
        try Data(contentsOf: SharedFolder.caseInput("C17").appendingPathComponent(name))
    }

    /// A port on 127.0.0.1 with nothing listening: bound, read, closed.
    static func closedPort() throws -> Int {
        let double = OllamaTestDouble()
        let url = try double.start()
        double.stop()
        return url.port ?? 9
    }
}

/// A transport that answers from a closure and records what it was asked.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sentRequests: [HTTPRequest] = []
    private let answer: @Sendable (HTTPRequest, Int) throws -> HTTPResponse

    /// `answer` gets each request and its 0-based number.
    init(answer: @escaping @Sendable (HTTPRequest, Int) throws -> HTTPResponse) { self.answer = answer }

    var sent: [HTTPRequest] { lock.withLock { sentRequests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = lock.withLock { () -> Int in
            sentRequests.append(request)
            return sentRequests.count - 1
        }
        return try answer(request, number)
    }
}
