#include "core/feeds/file_tail.h"

#include "core/normalize/normalizer.h"
#include "core/util/log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace cordon::feeds {
namespace {

std::optional<std::pair<std::uint64_t, std::uint64_t>> parseCheckpoint(const std::string &text)
{
    unsigned long long inode = 0, offset = 0;
    if (std::sscanf(text.c_str(), "inode=%llu offset=%llu", &inode, &offset) != 2)
        return std::nullopt;
    return std::make_pair(static_cast<std::uint64_t>(inode), static_cast<std::uint64_t>(offset));
}

std::uint64_t inodeOf(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_ino) : 0;
}

} // namespace

FileTail::FileTail(core::LiveIngest &ingest, const core::Clock &clock, FileTailOptions options,
                   std::optional<std::string> checkpoint, QObject *parent)
    : QObject(parent), m_ingest(ingest), m_clock(clock), m_options(std::move(options)), m_resumeFrom(std::move(checkpoint))
{
    if (m_options.feed.empty())
        m_options.feed = "tail:" + m_options.path;
    connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
}

FileTail::~FileTail()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void FileTail::start()
{
    poll();
    m_timer.start(m_options.pollMs);
}

bool FileTail::openAt(const std::string &path, std::uint64_t offset)
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        return false;
    struct stat st {};
    ::fstat(m_fd, &st);
    m_inode = static_cast<std::uint64_t>(st.st_ino);
    m_offset = m_readPos = offset <= static_cast<std::uint64_t>(st.st_size) ? offset : 0;
    ::lseek(m_fd, static_cast<off_t>(m_readPos), SEEK_SET);
    m_partial.clear();
    m_skippingLongLine = false;
    return true;
}

std::string FileTail::checkpointText() const
{
    return "inode=" + std::to_string(m_inode) + " offset=" + std::to_string(m_offset);
}

bool FileTail::poll()
{
    if (m_held) {
        if (!m_ingest.submit(*m_held, {}))
            return false;   // still behind: read nothing more meanwhile
        m_held.reset();
    }
    if (m_fd < 0) {
        const auto resume = m_resumeFrom ? parseCheckpoint(*m_resumeFrom) : std::nullopt;
        m_resumeFrom.reset();
        if (resume && resume->first != inodeOf(m_options.path) && resume->first == inodeOf(m_options.path + ".1")) {
            // Rotated while we were away: finish the old file first.
            if (openAt(m_options.path + ".1", resume->second)) {
                drain();
                if (m_held)
                    return true;
            }
            openAt(m_options.path, 0);
        } else if (!openAt(m_options.path, resume && resume->first == inodeOf(m_options.path) ? resume->second : 0)) {
            return false;   // not there yet
        }
    }
    bool handed = drain();
    if (m_held)
        return handed;
    // Rotation by rename: the path now names another file. The old one is read to its end above.
    const std::uint64_t current = inodeOf(m_options.path);
    if (current != 0 && current != m_inode) {
        if (openAt(m_options.path, 0))
            handed = drain() || handed;
        return handed;
    }
    // copytruncate: the same file is now shorter than what we consumed.
    struct stat st {};
    if (::fstat(m_fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) < m_readPos) {
        core::logger("feeds")->info("{} was truncated; reading it from the start", m_options.path);
        openAt(m_options.path, 0);
        handed = drain() || handed;
    }
    return handed;
}

bool FileTail::drain()
{
    bool handed = false;
    char buf[64 * 1024];
    for (;;) {
        core::LiveDelivery delivery;
        delivery.feed = m_options.feed;
        std::size_t lines = 0;
        ssize_t n = 0;
        while (lines < m_options.maxBatchLines && (n = ::read(m_fd, buf, sizeof buf)) > 0) {
            m_readPos += static_cast<std::uint64_t>(n);
            std::string_view chunk(buf, static_cast<std::size_t>(n));
            while (!chunk.empty()) {
                const auto newline = chunk.find('\n');
                const std::string_view piece = chunk.substr(0, newline);
                if (!m_skippingLongLine)
                    m_partial.append(piece.substr(0, m_options.maxLineBytes + 1 - std::min(m_partial.size(), m_options.maxLineBytes + 1)));
                if (newline == std::string_view::npos) {
                    if (m_partial.size() > m_options.maxLineBytes)
                        m_skippingLongLine = true;
                    break;
                }
                chunk.remove_prefix(newline + 1);
                const std::uint64_t lineEnd = m_readPos - chunk.size();
                std::string line = std::move(m_partial);
                m_partial.clear();
                const bool tooLong = m_skippingLongLine || line.size() > m_options.maxLineBytes;
                m_skippingLongLine = false;
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                m_offset = lineEnd;
                if (line.find_first_not_of(" \t") == std::string::npos)
                    continue;
                ++lines;
                ++m_lines;
                const std::string locator = m_options.path + " (byte " + std::to_string(lineEnd) + ")";
                auto reject = [&](std::string reason) {
                    core::DeadLetter dead;
                    dead.source = m_options.feed;
                    dead.locator = locator;
                    dead.reason = std::move(reason);
                    dead.raw = line.substr(0, 64 * 1024);
                    dead.rawSize = line.size();
                    dead.rawSha256 = core::Sha256::of(line);
                    delivery.deadLetters.push_back(std::move(dead));
                };
                if (tooLong) {
                    reject("line longer than " + std::to_string(m_options.maxLineBytes) + " bytes; its first bytes are kept");
                } else if (auto r = core::normalizeRecord(line, {m_options.feed, m_clock.now()})) {
                    std::move(r->events.begin(), r->events.end(), std::back_inserter(delivery.events));
                    std::move(r->indicators.begin(), r->indicators.end(), std::back_inserter(delivery.indicators));
                } else {
                    reject(r.error().message);
                }
            }
        }
        if (lines == 0)
            return handed;
        delivery.checkpoint = checkpointText();
        if (!m_ingest.submit(delivery, {})) {
            m_held = std::move(delivery);
            return handed;
        }
        handed = true;
        if (n <= 0)
            return handed;
    }
}

} // namespace cordon::feeds
