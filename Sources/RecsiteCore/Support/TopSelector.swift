/// Keeps the best `capacity` (score, index) pairs seen so far without sorting everything.
///
/// "Best" is a higher score, and for equal scores the lower index, so results never depend on
/// the order candidates arrive in (case C11: equal scores rank by ascending movie id, and dense
/// movie indices follow ids). A min-heap holds the kept pairs with the worst at the root, so a
/// candidate costs O(1) when it is not better than the root and O(log N) otherwise.
/// NaN scores are ignored rather than allowed to poison comparisons.
package struct TopSelector: Sendable {
    package typealias Entry = (score: Double, index: Int)

    package let capacity: Int
    private var heap: [Entry] = []

    package init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    package var count: Int { heap.count }

    /// True when `a` ranks ahead of `b`.
    @inline(__always)
    package static func ranksAhead(_ a: Entry, of b: Entry) -> Bool {
        a.score > b.score || (a.score == b.score && a.index < b.index)
    }

    package mutating func consider(score: Double, index: Int) {
        guard capacity > 0, !score.isNaN else { return }
        let entry = (score: score, index: index)
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if Self.ranksAhead(entry, of: heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// Empties the selector for reuse (keeps its storage).
    package mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    /// The kept pairs, best first.
    package func sorted() -> [Entry] {
        heap.sorted { Self.ranksAhead($0, of: $1) }
    }

    // The root is the entry every other entry ranks ahead of (the worst kept).
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranksAhead(heap[parent], of: heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && Self.ranksAhead(heap[worst], of: heap[left]) { worst = left }
            if right < heap.count && Self.ranksAhead(heap[worst], of: heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
