import Hypervisor
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where the daemon's log lines go, and what `GET /xend/node/log` answers.
///
/// Every line goes to standard error, stamped with the UTC time; when standard error is systemd's
/// journal (see ``JournalStream``) it carries its syslog priority `<N>` instead of the time. The newest
/// lines (``defaultCapacity`` bytes) are also kept in memory, and appended to the `--daemon-log` file
/// when one is configured. A ``LogWriter`` writes the lines: info and below (a line per request) in
/// batches within a millisecond, notices and worse at once, with every line queued before them.
///
/// `GET /xend/node/log` answers the file when one is configured and readable, as xend served its log
/// file, and otherwise the lines kept in memory.
public final class DaemonLog: Sendable {
    /// How many bytes of the newest lines are kept in memory: 64 KiB.
    public static let defaultCapacity = 64 * 1024

    /// The `--daemon-log` file, if any.
    public let filePath: String?
    /// Why the file receives no lines, if it does not (it could not be opened); for the daemon to log.
    public let fileProblem: String?
    /// Whether ``output`` is systemd's journal.
    public let writesToJournal: Bool
    private let output: Int32?
    private let file: Int32?
    private let writer: LogWriter
    /// Where ``output``'s and ``file``'s bytes are in the writer's buffers.
    private let outputIndex: Int?
    private let fileIndex: Int?

    /// A log writing to `output` (standard error unless `nil`) and to the file at `filePath`, which is
    /// opened once, created if missing (mode 0640) and appended to. A file that is `output` itself (the
    /// service's output redirected to it) gets no second copy of each line.
    /// - Parameter journalStream: `JOURNAL_STREAM` as systemd sets it; `output` is the journal when it names it.
    public init(
        filePath: String? = nil, output: Int32? = 2, capacity: Int = defaultCapacity,
        journalStream: String? = JournalStream.environmentValue
    ) {
        self.filePath = filePath
        self.output = output
        writesToJournal = output.map { JournalStream.isConnected($0, journalStream: journalStream) } ?? false
        (file, fileProblem) = filePath.map { Self.openFile($0, output: output) } ?? (nil, nil)
        let descriptors = [output, file].compactMap(\.self)
        writer = LogWriter(descriptors: descriptors, recentCapacity: capacity)
        outputIndex = output.map { _ in 0 }
        fileIndex = file.map { _ in descriptors.count - 1 }
    }

    deinit {
        writer.stop()
        if let file { close(file) }
    }

    /// The `--daemon-log` file opened for appending (created with mode 0640), or why it cannot be; `nil`
    /// and no problem when it is `output` itself (the service's output redirected to it).
    private static func openFile(_ path: String, output: Int32?) -> (Int32?, String?) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        if descriptor < 0 {
            return (nil, "cannot open --daemon-log \(path): \(String(cString: strerror(errno)))")
        }
        if let output, isSameFile(descriptor, output) {
            close(descriptor)
            return (nil, nil)
        }
        return (descriptor, nil)
    }

    /// Writes every line logged so far before it returns (lines at info and below wait up to
    /// ``LogWriter/gatherInterval`` otherwise).
    public func flush() {
        writer.write()
    }

    /// Sends one line, `level label: message` then `suffix` (metadata as ` key=value`), to every
    /// destination. The line is built once, after its time stamp, in memory of its exact size on the
    /// stack, and copied from there into the memory ring and the writer's buffers: the engine logs every
    /// request, and a line of its own on the heap cost an allocation and a free per request.
    /// `label` is the label's UTF-8 (the handler keeps it as bytes: appending a `String` costs a copy of it
    /// first, some 140 instructions per line).
    func append(level: Logger.Level, label: [UInt8], message: String, suffix: String = "") {
        var message = message
        message.withUTF8 { append(level: level, label: label, utf8Message: $0, suffix: suffix) }
    }

    /// ``append(level:label:message:suffix:)`` with the message as UTF-8 bytes, borrowed for the call.
    func append(level: Logger.Level, label: [UInt8], utf8Message message: UnsafeBufferPointer<UInt8>, suffix: String) {
        let levelName = Self.name(of: level)
        let levelBytes = UnsafeBufferPointer(start: levelName.utf8Start, count: levelName.utf8CodeUnitCount)
        var suffix = suffix
        suffix.withUTF8 { suffix in
            label.withUnsafeBufferPointer { label in
                let length = LogTimestamp.length + levelBytes.count + label.count + message.count + suffix.count + 5
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
                    var line = ByteCursor(buffer)
                    LogTimestamp.write(into: &line)
                    line.append(UInt8(ascii: " "))
                    let body = line.count
                    line.append(levelBytes)
                    line.append(UInt8(ascii: " "))
                    line.append(label)
                    line.append(UInt8(ascii: ":"))
                    line.append(UInt8(ascii: " "))
                    line.append(message)
                    line.append(suffix)
                    line.append(UInt8(ascii: "\n"))
                    send(line.written, bodyStart: body, level: level)
                }
            }
        }
    }

    /// Hands a built line to the memory ring and the writer: the journal gets `<N>` and the line from
    /// `bodyStart` (without the time), everything else the whole line.
    private func send(_ stamped: UnsafeBufferPointer<UInt8>, bodyStart: Int, level: Logger.Level) {
        // The closure takes copies of what it needs rather than `self`: the worker threads share this log,
        // and retaining it per line wrote its reference count from every thread.
        let (memoryIndex, outputIndex, fileIndex, writesToJournal) = (
            writer.memoryIndex, outputIndex, fileIndex, writesToJournal
        )
        let fill = { (buffers: inout [[UInt8]]) in
            buffers[memoryIndex].append(contentsOf: stamped)
            if let index = outputIndex {
                if writesToJournal {
                    JournalStream.appendPriorityPrefix(level, to: &buffers[index])
                    buffers[index].append(contentsOf: UnsafeBufferPointer(rebasing: stamped[bodyStart...]))
                } else {
                    buffers[index].append(contentsOf: stamped)
                }
            }
            if let index = fileIndex { buffers[index].append(contentsOf: stamped) }
        }
        if level >= .notice { writer.write(fill) } else { writer.queue(fill) }
    }

    /// `level.rawValue`, as bytes that need no copy to append.
    static func name(of level: Logger.Level) -> StaticString {
        switch level {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// The daemon's log as `GET /xend/node/log` serves it: the whole file when one is configured and
    /// readable, otherwise the lines kept in memory (the newest ``defaultCapacity`` bytes).
    public func text() -> String {
        flush()
        if let filePath, let bytes = try? AtomicFile.readAll(filePath) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return writer.recentText()
    }

    private static func isSameFile(_ first: Int32, _ second: Int32) -> Bool {
        var a = stat()
        var b = stat()
        guard fstat(first, &a) == 0, fstat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
