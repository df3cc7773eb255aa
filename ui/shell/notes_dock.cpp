#include "ui/shell/notes_dock.h"

#include "core/query/case_reader.h"
#include "core/review/notes.h"
#include "ui/case_reads.h"
#include "ui/case_writes.h"
#include "ui/qt_text.h"
#include "ui/shell/dock_front.h"
#include "ui/time_text.h"

#include <QAction>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <memory>

namespace cordon::ui {
namespace {
constexpr int kShownNotes = 300;

QString notesHtml(const std::vector<core::Note> &notes)
{
    if (notes.empty())
        return NotesDock::tr("<p><i>No notes yet. Write what you see and decide; every note is kept in the audit log.</i></p>");
    QString html;
    for (const core::Note &n : notes) {
        html += QStringLiteral("<p><b>%1</b> · %2").arg(qstr(n.author).toHtmlEscaped(), formatLocalTime(n.createdAt));
        if (n.eventId)
            html += NotesDock::tr(" · pinned to event #%1").arg(*n.eventId);
        html += QStringLiteral("<br>%1</p>").arg(qstr(n.body).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    }
    return html;
}
} // namespace

NotesDock::NotesDock(CaseReads &reads, CaseWrites &writes, QWidget *parent)
    : QDockWidget(tr("Notes"), parent), m_reads(reads), m_writes(writes), m_notes(new QTextBrowser),
      m_input(new QPlainTextEdit), m_add(new QPushButton(tr("Add Note")))
{
    setObjectName(QStringLiteral("notesDock"));
    m_notes->setObjectName(QStringLiteral("notesView"));
    m_input->setObjectName(QStringLiteral("noteInput"));
    m_input->setPlaceholderText(tr("What did you see, decide or ask? Ctrl+Return adds it."));
    m_input->setMaximumHeight(m_input->fontMetrics().height() * 4);
    m_add->setObjectName(QStringLiteral("addNote"));
    m_add->setEnabled(false);
    auto *send = new QAction(this);
    send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    send->setShortcutContext(Qt::WidgetShortcut);
    m_input->addAction(send);
    connect(send, &QAction::triggered, this, &NotesDock::add);
    connect(m_add, &QPushButton::clicked, this, &NotesDock::add);

    auto *row = new QHBoxLayout;
    row->addWidget(m_input, 1);
    row->addWidget(m_add, 0, Qt::AlignBottom);
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_notes, 1);
    layout->addLayout(row);
    setWidget(box);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            refresh();
    });
}

void NotesDock::setWritable(bool writable)
{
    m_add->setEnabled(writable);
    m_input->setReadOnly(!writable);
}

void NotesDock::refresh()
{
    if (!inFront(this) || !m_read.begin())
        return;
    auto notes = std::make_shared<std::vector<core::Note>>();
    m_reads.read([notes](core::CaseReader &r) { *notes = core::newestNotes(r.db(), kShownNotes); }, this, [this, notes] {
        if (m_read.end())
            QMetaObject::invokeMethod(this, &NotesDock::refresh, Qt::QueuedConnection);
        m_notes->setHtml(notesHtml(*notes));
    });
}

void NotesDock::clear()
{
    m_read.reset();
    m_notes->clear();
}

void NotesDock::add()
{
    const std::string body = m_input->toPlainText().trimmed().toStdString();
    if (body.empty() || !m_writes.writable())
        return;
    const std::string author = responderName().toStdString();
    m_add->setEnabled(false);
    m_writes.write([author, body](core::Database &db) -> core::Status {
        auto added = core::addNote(db, core::SystemClock::instance(), author, body);
        if (!added)
            return added.error();
        return {};
    }, [this](const QString &error) {
        m_add->setEnabled(m_writes.writable());
        if (!error.isEmpty()) {
            // What was typed stays in the box to try again.
            Q_EMIT problem(tr("The note was not saved: %1").arg(error));
            return;
        }
        m_input->clear();
        Q_EMIT status(tr("Note added"));
        refresh();
    });
}

} // namespace cordon::ui
