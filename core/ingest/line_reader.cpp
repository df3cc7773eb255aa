#include "core/ingest/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace cordon::core {
namespace {

constexpr std::size_t kChunk = 4 * 1024 * 1024;

} // namespace

Expected<LineReader> LineReader::open(const std::string &path, std::size_t maxLineBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error{ErrorCode::Io, "cannot read " + path + ": " + std::strerror(errno)};
    struct stat st {};
    fstat(fd, &st);
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return Error{ErrorCode::Io, path + " is a folder, not a file"};
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    LineReader r;
    r.m_fd = fd;
    r.m_maxLine = maxLineBytes;
    r.m_fileSize = static_cast<std::uint64_t>(st.st_size);
    r.m_buf.resize(std::max(kChunk, maxLineBytes + kChunk));
    return r;
}

LineReader::LineReader(LineReader &&o) noexcept
    : m_fd(std::exchange(o.m_fd, -1)), m_maxLine(o.m_maxLine), m_buf(std::move(o.m_buf)), m_begin(o.m_begin),
      m_end(o.m_end), m_eof(o.m_eof), m_consumed(o.m_consumed), m_lineNo(o.m_lineNo), m_fileSize(o.m_fileSize)
{
}

LineReader::~LineReader()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool LineReader::fill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buf.size())
        return true; // full; the caller handles the oversized line
    const ssize_t n = ::read(m_fd, m_buf.data() + m_end, m_buf.size() - m_end);
    if (n < 0) {
        if (errno == EINTR)
            return true;
        throw std::system_error(errno, std::generic_category(), "reading input");
    }
    if (n == 0) {
        m_eof = true;
        return false;
    }
    m_end += static_cast<std::size_t>(n);
    return true;
}

bool LineReader::next(Line &line)
{
    for (;;) {
        const char *start = m_buf.data() + m_begin;
        const std::size_t avail = m_end - m_begin;
        const void *nl = avail ? std::memchr(start, '\n', std::min(avail, m_maxLine + 1)) : nullptr;
        if (nl || (m_eof && avail > 0 && avail <= m_maxLine)) {
            const std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - start) : avail;
            std::size_t textLen = len;
            if (textLen && start[textLen - 1] == '\r')
                --textLen;
            line = Line{};
            line.text = std::string_view(start, textLen);
            if (m_lineNo == 0 && line.text.starts_with("\xEF\xBB\xBF"))
                line.text.remove_prefix(3); // a UTF-8 byte order mark is not part of the record
            line.number = ++m_lineNo;
            line.offset = m_consumed;
            line.size = textLen;
            const std::size_t step = nl ? len + 1 : len;
            m_begin += step;
            m_consumed += step;
            return true;
        }
        if (avail > m_maxLine) {
            // Oversized: keep a prefix, hash everything up to the newline.
            line = Line{};
            line.number = ++m_lineNo;
            line.offset = m_consumed;
            line.oversized = true;
            m_oversizedPrefix.assign(start, std::min(avail, kOversizedKeep));
            Sha256 sha;
            std::uint64_t size = 0;
            bool done = false;
            while (!done) {
                const char *s = m_buf.data() + m_begin;
                const std::size_t a = m_end - m_begin;
                const void *p = std::memchr(s, '\n', a);
                const std::size_t take = p ? static_cast<std::size_t>(static_cast<const char *>(p) - s) : a;
                sha.update(s, take);
                size += take;
                m_begin += take + (p ? 1 : 0);
                m_consumed += take + (p ? 1 : 0);
                done = p != nullptr;
                if (!done && !fill() && m_end == m_begin)
                    done = true;
            }
            line.size = size;
            line.sha256 = sha.finish();
            line.text = m_oversizedPrefix;
            return true;
        }
        if (!fill() && m_end == m_begin)
            return false;
    }
}

} // namespace cordon::core
