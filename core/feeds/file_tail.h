#pragma once

#include "core/ingest/live_ingest.h"

#include <QObject>
#include <QTimer>

#include <optional>
#include <string>

namespace cordon::feeds {

struct FileTailOptions {
    std::string path;
    std::string feed;              ///< defaults to "tail:" + path
    int pollMs = 250;
    std::size_t maxLineBytes = 1024 * 1024;   ///< longer lines go to the dead letters (first bytes kept)
    std::size_t maxBatchLines = 5'000;
};

/// Follows a JSON-lines (or syslog) file as it grows, through copytruncate and rename
/// rotation. Its position (inode and offset after the last whole line handed over) is
/// stored with the events in the same transaction, so after a crash it resumes exactly
/// there: no gap, no repeat. A file rotated while Cordon was down is finished from
/// "<path>.1" when that is the file the position names.
class FileTail : public QObject {
    Q_OBJECT
public:
    FileTail(core::LiveIngest &ingest, const core::Clock &clock, FileTailOptions options,
             std::optional<std::string> checkpoint, QObject *parent = nullptr);
    ~FileTail() override;

    void start();
    /// Reads what is new and hands it over; true when something was handed over.
    bool poll();
    const std::string &feed() const { return m_options.feed; }
    std::int64_t linesRead() const { return m_lines; }

private:
    bool openAt(const std::string &path, std::uint64_t offset);
    bool drain();   // reads the open file to its end, handing over whole lines
    std::string checkpointText() const;

    core::LiveIngest &m_ingest;
    const core::Clock &m_clock;
    FileTailOptions m_options;
    QTimer m_timer;
    int m_fd = -1;
    std::uint64_t m_inode = 0;
    std::uint64_t m_offset = 0;      ///< after the last whole line handed over
    std::uint64_t m_readPos = 0;     ///< how far the fd has been read
    std::string m_partial;           ///< bytes after the last newline
    bool m_skippingLongLine = false;
    std::optional<core::LiveDelivery> m_held;   ///< refused while the writer was behind
    std::int64_t m_lines = 0;
    std::optional<std::string> m_resumeFrom;
};

} // namespace cordon::feeds
