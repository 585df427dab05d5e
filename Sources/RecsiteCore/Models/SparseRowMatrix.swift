/// A sparse matrix stored by rows (CSR) with `Float` values, columns ascending within each row.
///
/// The content model keeps its TF-IDF vectors this way: memory grows with the number of
/// non-zero terms, never with movies², so a 100k-movie catalog stays small (case C15).
package struct SparseRowMatrix: Sendable, Equatable {
    package let columnCount: Int
    /// `rowCount + 1` offsets into `columns` and `values`.
    package let pointers: [Int]
    package let columns: [Int32]
    package let values: [Float]

    package var rowCount: Int { pointers.count - 1 }
    package var nonZeroCount: Int { values.count }

    /// Wraps prepared CSR arrays; columns must be ascending within each row.
    package init(columnCount: Int, pointers: [Int], columns: [Int32], values: [Float]) {
        precondition(!pointers.isEmpty && pointers.last == columns.count && columns.count == values.count,
                     "CSR arrays do not fit together")
        self.columnCount = columnCount
        self.pointers = pointers
        self.columns = columns
        self.values = values
    }

    /// Builds a matrix from rows of (column, value) entries; entries are sorted by column and zeros dropped.
    package init(columnCount: Int, rows: [[(column: Int, value: Float)]]) {
        var pointers = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        for row in rows {
            for entry in row.sorted(by: { $0.column < $1.column }) where entry.value != 0 {
                columns.append(Int32(entry.column))
                values.append(entry.value)
            }
            pointers.append(columns.count)
        }
        self.init(columnCount: columnCount, pointers: pointers, columns: columns, values: values)
    }

    /// The entry range of one row.
    package func range(ofRow row: Int) -> Range<Int> { pointers[row]..<pointers[row + 1] }

    /// The transpose, e.g. term → (movie, weight) postings: an inverted index over non-zero terms.
    ///
    /// Built by counting sort, so the rows of the result list their columns in ascending order.
    package func transposed() -> SparseRowMatrix {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { counts[Int(c) + 1] += 1 }
        for i in 0..<columnCount { counts[i + 1] += counts[i] }
        var next = counts
        var newColumns = [Int32](repeating: 0, count: columns.count)
        var newValues = [Float](repeating: 0, count: values.count)
        for row in 0..<rowCount {
            for e in range(ofRow: row) {
                let c = Int(columns[e])
                newColumns[next[c]] = Int32(row)
                newValues[next[c]] = values[e]
                next[c] += 1
            }
        }
        return SparseRowMatrix(columnCount: rowCount, pointers: counts, columns: newColumns, values: newValues)
    }

    /// Each row scaled to unit L2 norm (computed in Double); all-zero rows stay zero.
    package func rowNormalized() -> SparseRowMatrix {
        var scaled = values
        for row in 0..<rowCount {
            var norm = 0.0
            for e in range(ofRow: row) { norm += Double(values[e]) * Double(values[e]) }
            guard norm > 0 else { continue }
            let inverse = 1 / norm.squareRoot()
            for e in range(ofRow: row) { scaled[e] = Float(Double(values[e]) * inverse) }
        }
        return SparseRowMatrix(columnCount: columnCount, pointers: pointers, columns: columns, values: scaled)
    }

    /// The dot product of two rows, summed in Double in ascending column order.
    ///
    /// The inverted-index neighbour search adds the same products in the same order, so both
    /// give bit-identical similarities.
    package func dot(row a: Int, row b: Int) -> Double {
        var i = pointers[a], j = pointers[b]
        let iEnd = pointers[a + 1], jEnd = pointers[b + 1]
        var sum = 0.0
        while i < iEnd && j < jEnd {
            let ci = columns[i], cj = columns[j]
            if ci == cj {
                sum += Double(values[i]) * Double(values[j])
                i += 1
                j += 1
            } else if ci < cj {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}
