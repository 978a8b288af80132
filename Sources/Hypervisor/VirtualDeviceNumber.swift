/// The number Xen gives a virtual block device (the `virtual-device` key in xenstore and the devid of a
/// vbd), computed from its name as Xen's own documentation of the vbd interface (`vbd-interface.txt`) describes:
///
/// - `xvd<letters><partition>`: disks 0–15 with partitions 0–15 are `(202 << 8) | (disk << 4) | partition`
///   (`xvda` is 51712); larger numbers use the extended form `(1 << 28) | (disk << 8) | partition`.
/// - `hd<letter><partition>`: the IDE majors (3, 22, 33, 34, 56, 57, 88, 89, 90, 91), two disks per major,
///   `minor = (disk % 2) * 64 + partition` (`hda` is 768, `hdc` is 5632).
/// - `sd<letter><partition>`: major 8, disks 0–15 and partitions 0–15 (`sda` is 2048).
/// - `d<disk>p<partition>` or `d<disk>`: the extended form.
/// - a plain decimal number is taken as the number itself.
///
/// Disk letters count bijectively in base 26 (`a` = 0, `z` = 25, `aa` = 26), as Linux names disks.
/// A `:disk` or `:cdrom` suffix and an `ioemu:` prefix (xend's HVM spellings) are ignored.

public enum VirtualDeviceNumber {
    private static let ideMajors: [UInt32] = [3, 22, 33, 34, 56, 57, 88, 89, 90, 91]

    /// The device number for `name`, or `nil` when the name follows none of the schemes.
    public static func number(forDiskNamed name: String) -> UInt32? {
        var text = Substring(name)
        if text.hasPrefix("ioemu:") { text = text.dropFirst("ioemu:".count) }
        if let colon = text.firstIndex(of: ":") { text = text[..<colon] }
        guard !text.isEmpty else { return nil }

        if text.allSatisfy(\.isASCIIDigit) {
            return UInt32(text)
        }
        if text.hasPrefix("xvd") {
            guard let (disk, partition) = lettersAndPartition(text.dropFirst(3)) else { return nil }
            if disk < 16 && partition < 16 { return (202 << 8) | (disk << 4) | partition }
            return extended(disk: disk, partition: partition)
        }
        if text.hasPrefix("hd") {
            guard let (disk, partition) = lettersAndPartition(text.dropFirst(2)),
                disk < UInt32(ideMajors.count * 2), partition < 64
            else { return nil }
            return (ideMajors[Int(disk / 2)] << 8) | ((disk % 2) * 64 + partition)
        }
        if text.hasPrefix("sd") {
            guard let (disk, partition) = lettersAndPartition(text.dropFirst(2)), disk < 16, partition < 16
            else { return nil }
            return (8 << 8) | (disk << 4) | partition
        }
        if text.hasPrefix("d") {
            let rest = text.dropFirst()
            let parts = rest.split(separator: "p", maxSplits: 1, omittingEmptySubsequences: false)
            guard let diskText = parts.first, !diskText.isEmpty, diskText.allSatisfy(\.isASCIIDigit),
                let disk = UInt32(diskText)
            else { return nil }
            var partition: UInt32 = 0
            if parts.count == 2 {
                guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit), let value = UInt32(parts[1])
                else { return nil }
                partition = value
            }
            return extended(disk: disk, partition: partition)
        }
        return nil
    }

    private static func extended(disk: UInt32, partition: UInt32) -> UInt32? {
        guard disk < (1 << 20), partition < 256 else { return nil }
        return (1 << 28) | (disk << 8) | partition
    }

    /// Splits `abc12` into the disk index of `abc` and partition 12.
    private static func lettersAndPartition(_ text: Substring) -> (UInt32, UInt32)? {
        let letters = text.prefix { $0 >= "a" && $0 <= "z" }
        let digits = text.dropFirst(letters.count)
        guard !letters.isEmpty, letters.count <= 4, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        var disk: UInt32 = 0
        for letter in letters.unicodeScalars {
            disk = disk * 26 + (letter.value - 96)
        }
        disk -= 1
        guard let partition = digits.isEmpty ? 0 : UInt32(digits) else { return nil }
        if !digits.isEmpty && digits.first == "0" { return nil }
        return (disk, partition)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
