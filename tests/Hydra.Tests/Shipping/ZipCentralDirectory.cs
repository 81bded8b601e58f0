using System.Buffers.Binary;
using System.Text;

namespace Hydra.Tests.Shipping;

/// <summary>
/// Reads the "version made by" and external attributes of every entry straight from a zip's central directory
/// (APPNOTE 4.3.12): System.IO.Compression exposes the attributes but not the host system that gives them meaning.
/// Zip64 is not handled; the package is far below 4 GiB.
/// </summary>
internal static class ZipCentralDirectory
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint CentralFileHeader = 0x02014b50;

    /// <param name="MadeBy">The host system: 0 = MS-DOS, 3 = Unix.</param>
    /// <param name="UnixMode">The upper 16 bits of the external attributes: st_mode on Unix.</param>
    internal sealed record Entry(string Name, int MadeBy, int UnixMode);

    public static IReadOnlyList<Entry> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var end = FindEnd(bytes);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(end + 10));
        var offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        var entries = new List<Entry>(count);
        for (var i = 0; i < count; i++)
        {
            var header = bytes.AsSpan(offset);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralFileHeader)
            {
                throw new InvalidDataException($"Central directory entry {i} of {path} has a bad signature.");
            }

            var madeBy = header[5];
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            var external = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]);
            var name = Encoding.UTF8.GetString(header.Slice(46, nameLength));
            entries.Add(new Entry(name, madeBy, (int)(external >> 16)));
            offset += 46 + nameLength + extraLength + commentLength;
        }

        return entries;
    }

    private static int FindEnd(byte[] bytes)
    {
        // The end record is 22 bytes plus a comment of at most 64 KiB.
        for (var i = bytes.Length - 22; i >= Math.Max(0, bytes.Length - 22 - ushort.MaxValue); i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == EndOfCentralDirectory)
            {
                return i;
            }
        }

        throw new InvalidDataException("No end-of-central-directory record: not a zip file.");
    }
}
