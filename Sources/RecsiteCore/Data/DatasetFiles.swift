import Foundation

/// A data folder's layout and the two files it will be read from.
package struct DatasetFiles: Sendable, Equatable {
    package let layout: DatasetLayout
    /// The folder the user gave; file names in messages are relative to it.
    package let directory: URL
    package let movies: DataFile
    package let ratings: DataFile
    /// The name pages show unless the caller gives one: the folder's name, or for
    /// ml_belief_2024 given as its `data_release/` folder, the parent's name.
    package let defaultName: String

    /// Detects the layout from the folder's file names.
    ///
    /// Layouts are tried in `DatasetLayout.allCases` order, so a folder holding both
    /// `u.data` and a RecBole export reads as ml-100k. For RecBole, `NAME.inter` + `NAME.item`
    /// is looked for under `name`, then the folder's name, then any complete pair
    /// (alphabetically first). ml_belief_2024 may be given as `data_release/` or its parent.
    package static func locate(directory: URL, name: String? = nil) throws -> DatasetFiles {
        let directory = directory.standardizedFileURL
        let files = try fileNames(in: directory)
        let folderName = directory.lastPathComponent

        func make(_ layout: DatasetLayout, movies: String, ratings: String, defaultName: String = folderName) -> DatasetFiles {
            DatasetFiles(
                layout: layout, directory: directory,
                movies: DataFile(directory: directory, relativePath: movies),
                ratings: DataFile(directory: directory, relativePath: ratings),
                defaultName: defaultName)
        }

        if files.contains(MovieLens100KReader.ratingsFile), files.contains(MovieLens100KReader.moviesFile) {
            return make(.ml100k, movies: MovieLens100KReader.moviesFile, ratings: MovieLens100KReader.ratingsFile)
        }
        if let stem = recBoleStem(files: files, preferred: [name, folderName].compactMap { $0 }) {
            return make(.recbole, movies: "\(stem).\(RecBoleReader.moviesExtension)",
                        ratings: "\(stem).\(RecBoleReader.ratingsExtension)")
        }
        if files.contains(CSVLayoutReader.ratingsFile), files.contains(CSVLayoutReader.moviesFile) {
            return make(.csv, movies: CSVLayoutReader.moviesFile, ratings: CSVLayoutReader.ratingsFile)
        }
        if files.contains(DatLayoutReader.ratingsFile), files.contains(DatLayoutReader.moviesFile) {
            return make(.dat, movies: DatLayoutReader.moviesFile, ratings: DatLayoutReader.ratingsFile)
        }
        if files.contains(Belief2024Reader.ratingsFile), files.contains(Belief2024Reader.moviesFile) {
            let parentName = directory.deletingLastPathComponent().lastPathComponent
            return make(.belief2024, movies: Belief2024Reader.moviesFile, ratings: Belief2024Reader.ratingsFile,
                        defaultName: folderName == Belief2024Reader.folder ? parentName : folderName)
        }
        let release = directory.appendingPathComponent(Belief2024Reader.folder, isDirectory: true)
        if files.contains("\(Belief2024Reader.folder)/"),
           let inner = try? fileNames(in: release),
           inner.contains(Belief2024Reader.ratingsFile), inner.contains(Belief2024Reader.moviesFile) {
            let prefix = Belief2024Reader.folder + "/"
            return make(.belief2024, movies: prefix + Belief2024Reader.moviesFile,
                        ratings: prefix + Belief2024Reader.ratingsFile)
        }
        throw CoreError.unknownLayout(directory: directory.path, found: files.sorted())
    }

    /// The folder's entries, sub-folders marked with a trailing `/`.
    private static func fileNames(in directory: URL) throws -> Set<String> {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            throw CoreError.unreadableFile(path: directory.path, reason: "no such folder")
        }
        guard isDirectory.boolValue else {
            throw CoreError.unreadableFile(path: directory.path, reason: "it is a file; give the folder that holds the data set")
        }
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CoreError.unreadableFile(path: directory.path, reason: "the folder cannot be listed (permission denied?)")
        }
        var names = Set<String>()
        for entry in entries {
            var entryIsDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: directory.appendingPathComponent(entry).path, isDirectory: &entryIsDirectory)
            names.insert(entryIsDirectory.boolValue ? entry + "/" : entry)
        }
        return names
    }

    /// The NAME of a complete RecBole pair, preferring the given names.
    private static func recBoleStem(files: Set<String>, preferred: [String]) -> String? {
        let inter = "." + RecBoleReader.ratingsExtension
        let stems = files.filter { $0.hasSuffix(inter) && $0.count > inter.count }
            .map { String($0.dropLast(inter.count)) }
            .filter { files.contains("\($0).\(RecBoleReader.moviesExtension)") }
            .sorted()
        return preferred.first { stems.contains($0) } ?? stems.first
    }
}
