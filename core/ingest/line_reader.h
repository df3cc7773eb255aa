#pragma once

#include "core/util/expected.h"
#include "core/util/sha256.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::core {

/// One line of a JSON-lines file, without its line terminator.
struct Line {
    std::string_view text;       ///< the line, or its first kOversizedKeep bytes when oversized
    std::uint64_t number = 0;    ///< 1-based
    std::uint64_t offset = 0;    ///< byte offset of the line in the file
    std::uint64_t size = 0;      ///< full length in bytes
    bool oversized = false;      ///< longer than the reader's limit: only a prefix is kept
    Digest sha256{};             ///< of the whole line; set for oversized lines only
};

/// Reads a file line by line in fixed-size chunks: memory stays flat whatever the file size,
/// and a line longer than `maxLineBytes` is streamed through SHA-256 instead of buffered.
class LineReader {
public:
    static constexpr std::size_t kOversizedKeep = 64 * 1024;

    static Expected<LineReader> open(const std::string &path, std::size_t maxLineBytes = 16 * 1024 * 1024);
    LineReader(LineReader &&other) noexcept;
    LineReader &operator=(LineReader &&) = delete;
    ~LineReader();

    /// The next line; false at end of file. Throws std::system_error on a read error.
    bool next(Line &line);
    std::uint64_t bytesRead() const { return m_consumed; }
    std::uint64_t fileSize() const { return m_fileSize; }

private:
    LineReader() = default;
    bool fill();

    int m_fd = -1;
    std::size_t m_maxLine = 0;
    std::vector<char> m_buf;
    std::size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    std::uint64_t m_consumed = 0;   // file offset of m_buf[m_begin]
    std::uint64_t m_lineNo = 0;
    std::uint64_t m_fileSize = 0;
    std::string m_oversizedPrefix;
};

} // namespace cordon::core
