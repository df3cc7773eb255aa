#include "ui/shell/file_import.h"

#include "core/ingest/delivery.h"
#include "core/util/clock.h"

#include <QFile>
#include <QFileInfo>
#include <QMetaObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace cordon::ui {
namespace {
/// Files up to this size are parsed whole, so a pretty-printed JSON document or array spanning
/// lines is read as one; larger ones (JSON lines, syslog) go in chunks of whole lines.
constexpr qint64 kWholeFile = 8 * 1024 * 1024;
constexpr qint64 kChunk = 1024 * 1024;
} // namespace

/// Shared by the import thread and the writer's answers, which may arrive after either.
struct FileImport::State {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable answered;
    int outstanding = 0;
    Result result;
};

FileImport::FileImport(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<cordon::ui::FileImport::Result>();
}

FileImport::~FileImport()
{
    cancel();
    join();
}

void FileImport::attach(core::LiveIngest *writer)
{
    if (writer != m_writer) {
        cancel();
        join();
    }
    m_writer = writer;
}

bool FileImport::start(const QString &path, QString *why)
{
    auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!m_writer)
        return refuse(tr("no case is open for writing"));
    if (running())
        return refuse(tr("%1 is still being imported").arg(m_state->result.file));
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return refuse(tr("%1 is not a readable file").arg(path));
    m_state = std::make_shared<State>();
    m_state->result.file = info.fileName();
    m_thread = std::thread([this, path, state = m_state] { run(path, state); });
    return true;
}

void FileImport::cancel()
{
    if (m_state)
        m_state->cancel = true;
}

void FileImport::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void FileImport::run(const QString &path, std::shared_ptr<State> state)
{
    core::LiveIngest &writer = *m_writer;
    auto finish = [this, state] {
        // Answered on the window's thread, where the thread is joined.
        QMetaObject::invokeMethod(this, [this, state] {
            join();
            Q_EMIT finished(state->result);
        }, Qt::QueuedConnection);
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        state->result.error = file.errorString();
        finish();
        return;
    }
    const qint64 total = file.size();
    const std::string name = QFileInfo(path).fileName().toStdString();
    const std::string feed = "import:" + name;
    core::NormalizeOptions normalize;
    QByteArray carry;
    qint64 offset = 0;   // of the first byte of `carry` in the file
    while (!state->cancel) {
        QByteArray block = carry + file.read(total <= kWholeFile ? total : kChunk);
        const bool atEnd = file.atEnd();
        if (block.isEmpty() && atEnd)
            break;
        // Whole lines only; the rest waits for the next block.
        qsizetype cut = atEnd ? block.size() : block.lastIndexOf('\n') + 1;
        if (cut == 0)
            cut = block.size();   // a line longer than a block: handed over as it is
        carry = block.mid(cut);
        block.truncate(cut);
        auto parsed = core::parseDelivery(std::string_view(block.constData(), static_cast<std::size_t>(block.size())), feed,
                                          name + " from byte " + std::to_string(offset),
                                          core::SystemClock::instance().now(), normalize);
        offset += cut;
        if (parsed.records > 0) {
            {
                std::lock_guard lock(state->mutex);
                ++state->outstanding;
            }
            auto answer = [state](const core::LiveResult &r) {
                std::lock_guard lock(state->mutex);
                state->result.accepted += r.accepted;
                state->result.rejected += r.rejected;
                state->result.duplicates += r.duplicates;
                if (!r.committed && state->result.error.isEmpty())
                    state->result.error = QString::fromStdString(r.error);
                --state->outstanding;
                state->answered.notify_all();
            };
            // The writer pushes back while it is behind (feeds keep their share): wait.
            while (!writer.submit(parsed.delivery, answer)) {
                if (state->cancel) {
                    std::lock_guard lock(state->mutex);
                    --state->outstanding;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        QMetaObject::invokeMethod(this, [this, offset, total] { Q_EMIT progress(offset, total); }, Qt::QueuedConnection);
        if (atEnd && carry.isEmpty())
            break;
    }
    std::unique_lock lock(state->mutex);
    state->answered.wait(lock, [&] { return state->outstanding == 0; });
    state->result.cancelled = state->cancel;
    lock.unlock();
    finish();
}

} // namespace cordon::ui
