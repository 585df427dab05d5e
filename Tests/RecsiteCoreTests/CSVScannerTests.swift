import Testing
@testable import RecsiteCore

/// One scanned record as plain values, so expectations compare whole records.
struct ScannedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: QuoteProblem? = nil

    var description: String { "\(line): \(fields)\(problem.map { " \($0)" } ?? "")" }
}

/// Scans bytes with the given separator and returns every record with its start line.
func scan(_ bytes: [UInt8], _ separator: FieldSeparator, encoding: TextEncoding = .utf8) -> [ScannedRecord] {
    bytes.withUnsafeBufferPointer { buffer in
        var scanner = ByteScanner(bytes: buffer, separator: separator)
        var records: [ScannedRecord] = []
        while scanner.nextRecord() {
            records.append(ScannedRecord(
                line: scanner.line, fields: scanner.fields.map { scanner.text($0, encoding: encoding) },
                problem: scanner.quoteProblem))
        }
        return records
    }
}

func scan(_ text: String, _ separator: FieldSeparator) -> [ScannedRecord] {
    scan(Array(text.utf8), separator)
}

@Suite("ByteScanner splits records and fields")
struct CSVScannerTests {
    @Test("splits tab-separated lines and numbers them from 1")
    func tabLines() {
        #expect(scan("196\t242\t3\t881250949\n186\t302\t3\t891717742\n", .tab) == [
            ScannedRecord(line: 1, fields: ["196", "242", "3", "881250949"]),
            ScannedRecord(line: 2, fields: ["186", "302", "3", "891717742"]),
        ])
    }

    @Test("drops the CR of CRLF line ends and reads a last line without a newline")
    func crlf() {
        #expect(scan("a|b\r\nc|d\r\ne|f", .pipe) == [
            ScannedRecord(line: 1, fields: ["a", "b"]),
            ScannedRecord(line: 2, fields: ["c", "d"]),
            ScannedRecord(line: 3, fields: ["e", "f"]),
        ])
    }

    @Test("skips blank lines but keeps counting them")
    func blankLines() {
        #expect(scan("a,b\n\n\r\nc,d\n\n", .csv) == [
            ScannedRecord(line: 1, fields: ["a", "b"]),
            ScannedRecord(line: 4, fields: ["c", "d"]),
        ])
    }

    @Test("skips a UTF-8 byte-order mark so the first header name is clean")
    func byteOrderMark() {
        let records = scan([0xEF, 0xBB, 0xBF] + Array("movieId,title\n1,x\n".utf8), .csv)
        #expect(records == [
            ScannedRecord(line: 1, fields: ["movieId", "title"]),
            ScannedRecord(line: 2, fields: ["1", "x"]),
        ])
    }

    @Test("keeps empty fields, including a trailing one")
    func emptyFields() {
        #expect(scan("1,,\n,2,\r\n", .csv) == [
            ScannedRecord(line: 1, fields: ["1", "", ""]),
            ScannedRecord(line: 2, fields: ["", "2", ""]),
        ])
    }

    @Test("reads an RFC 4180 quoted field holding a comma")
    func quotedComma() {
        #expect(scan("11,\"American President, The (1995)\",Comedy|Drama\n", .csv) == [
            ScannedRecord(line: 1, fields: ["11", "American President, The (1995)", "Comedy|Drama"]),
        ])
    }

    @Test("collapses a doubled quote inside quotes to one literal quote")
    func doubledQuote() {
        #expect(scan("7789,\"11'09\"\"01 - September 11 (2002)\",Drama\n", .csv) == [
            ScannedRecord(line: 1, fields: ["7789", "11'09\"01 - September 11 (2002)", "Drama"]),
        ])
    }

    @Test("keeps a newline inside quotes and numbers the next record after it")
    func newlineInsideQuotes() {
        #expect(scan("1,\"two\nlines\",x\r\n2,\"\",y\n", .csv) == [
            ScannedRecord(line: 1, fields: ["1", "two\nlines", "x"]),
            ScannedRecord(line: 3, fields: ["2", "", "y"]),
        ])
    }

    @Test("reports a quoted field that is never closed")
    func unclosedQuote() {
        #expect(scan("1,\"open\n2,x\n", .csv) == [
            ScannedRecord(line: 1, fields: ["1", "open\n2,x\n"], problem: .unclosedQuote),
        ])
    }

    @Test("reports text after a closing quote and resumes on the next line")
    func textAfterQuote() {
        #expect(scan("1,\"a\"b,c\n2,d\n", .csv) == [
            ScannedRecord(line: 1, fields: ["1", "a"], problem: .textAfterClosingQuote),
            ScannedRecord(line: 2, fields: ["2", "d"]),
        ])
    }

    @Test("treats a quote inside an unquoted CSV field as an ordinary character")
    func strayQuote() {
        #expect(scan("1,say \"hi\",x\n", .csv) == [ScannedRecord(line: 1, fields: ["1", "say \"hi\"", "x"])])
    }

    @Test("splits on the literal '::' only, keeping single colons and leading quotes")
    func doubleColon() {
        let text = "1196::Star Wars: Episode V (1980)::Action|Sci-Fi\n51372::\"Great Performances\" Cats (1998)::Musical\n"
        #expect(scan(text, .doubleColon) == [
            ScannedRecord(line: 1, fields: ["1196", "Star Wars: Episode V (1980)", "Action|Sci-Fi"]),
            ScannedRecord(line: 2, fields: ["51372", "\"Great Performances\" Cats (1998)", "Musical"]),
        ])
    }

    @Test("gives a title ending in ':' its colon when three colons meet")
    func tripleColon() {
        #expect(scan("5::Title:::Drama\n", .doubleColon) == [ScannedRecord(line: 1, fields: ["5", "Title:", "Drama"])])
    }

    @Test("reads nothing from an empty buffer or one holding only a BOM")
    func empty() {
        #expect(scan([], .csv) == [])
        #expect(scan([0xEF, 0xBB, 0xBF], .tab) == [])
    }
}
