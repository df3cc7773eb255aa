#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

namespace cordon::core {
class LiveIngest;
}

namespace cordon::ui {

/// Imports a feed file (JSON lines, JSON documents, syslog) into the open case on a thread of
/// its own, through the case's writer like any feed: it commits alongside running feeds,
/// detection follows it, and the window stays free. Progress is by bytes; a cancel stops at
/// the next chunk, keeping what was committed.
class FileImport : public QObject {
    Q_OBJECT
public:
    struct Result {
        QString file;
        qint64 accepted = 0, rejected = 0, duplicates = 0;
        bool cancelled = false;
        QString error;   ///< why part of the file was not stored; empty when all went in
    };

    explicit FileImport(QObject *parent = nullptr);
    ~FileImport() override;

    /// The writer of the open case; nullptr (a case closing) cancels a running import and
    /// waits for it, so a writer is never used after it is gone.
    void attach(core::LiveIngest *writer);
    /// Starts importing `path`; false with a reason when it cannot start.
    bool start(const QString &path, QString *why = nullptr);
    void cancel();
    bool running() const { return m_thread.joinable(); }

Q_SIGNALS:
    void progress(qint64 bytesDone, qint64 bytesTotal);
    void finished(const cordon::ui::FileImport::Result &result);

private:
    struct State;
    void run(const QString &path, std::shared_ptr<State> state);
    void join();

    core::LiveIngest *m_writer = nullptr;
    std::shared_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace cordon::ui
