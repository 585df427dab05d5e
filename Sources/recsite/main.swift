import Foundation
import RecsiteCLI

exit(await CommandRunner.main(arguments: Array(CommandLine.arguments.dropFirst())))
