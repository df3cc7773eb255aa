#include "ui/shell/log_dock.h"

#include "core/util/log.h"

#include <QCoreApplication>
#include <QPlainTextEdit>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace cordon::ui {
namespace {

/// Carries log lines from any thread to the docks on the window's thread. Never deleted: a
/// worker may log while the application is shutting down.
class LogRelay : public QObject {
    Q_OBJECT
public:
    static LogRelay *instance()
    {
        static auto *relay = [] {
            auto *r = new LogRelay;
            r->moveToThread(QCoreApplication::instance()->thread());
            return r;
        }();
        return relay;
    }

Q_SIGNALS:
    void line(int level, const QString &text);
};

class RelaySink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        QString text = QString::fromUtf8(formatted.data(), static_cast<qsizetype>(formatted.size())).trimmed();
        Q_EMIT LogRelay::instance()->line(static_cast<int>(msg.level), text);
    }
    void flush_() override {}
};

} // namespace

void installLogView()
{
    static std::once_flag once;
    std::call_once(once, [] {
        auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        console->set_level(spdlog::level::warn);
        auto relay = std::make_shared<RelaySink>();
        relay->set_pattern("%H:%M:%S.%e %-5l [%n] %v");
        relay->set_level(spdlog::level::info);
        core::setLogSinks({console, relay});
        core::setLogLevel(spdlog::level::info);
    });
}

LogDock::LogDock(QWidget *parent) : QDockWidget(tr("Log"), parent), m_view(new QPlainTextEdit)
{
    setObjectName(QStringLiteral("logDock"));
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(5000);   // the newest lines; the oldest fall away
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFont(QStringLiteral("monospace")));
    setWidget(m_view);
    connect(LogRelay::instance(), &LogRelay::line, this, [this](int level, const QString &text) {
        const bool bad = level >= static_cast<int>(spdlog::level::warn);
        m_view->appendHtml(bad ? QStringLiteral("<span style='color:%1'>%2</span>")
                                     .arg(level >= static_cast<int>(spdlog::level::err) ? QStringLiteral("#d32f2f")
                                                                                         : QStringLiteral("#b26a00"),
                                          text.toHtmlEscaped())
                               : text.toHtmlEscaped());
    });
}

} // namespace cordon::ui

#include "log_dock.moc"
