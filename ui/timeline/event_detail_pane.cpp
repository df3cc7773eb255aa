#include "ui/timeline/event_detail_pane.h"

#include "core/domain/event_flags.h"
#include "core/util/json_reader.h"
#include "ui/time_text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace cordon::ui {
namespace {

QString html(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

/// JSON as a responder reads it: indented (through the depth-capped parser); text that is
/// not JSON is shown as it is.
QString pretty(const std::string &text)
{
    const auto doc = core::parseJson(text);
    if (!doc)
        return html(text);
    return QString::fromStdString(doc->value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)).toHtmlEscaped();
}

QToolButton *linkButton(const QString &name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton;
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

EventDetailPane::EventDetailPane(QWidget *parent)
    : QWidget(parent), m_title(new QLabel), m_text(new QTextBrowser), m_note(new QLineEdit),
      m_pin(new QPushButton(tr("Pin"))), m_unpin(new QPushButton(tr("Unpin"))),
      m_pivotAccount(linkButton(QStringLiteral("pivotAccount"), tr("Account"), tr("Show only this account's events"))),
      m_pivotSession(linkButton(QStringLiteral("pivotSession"), tr("Session"), tr("Show only this session's events"))),
      m_pivotIp(linkButton(QStringLiteral("pivotSourceIp"), tr("Source IP"), tr("Show only events from this address"))),
      m_investigate(linkButton(QStringLiteral("investigateAccount"), tr("Investigate account…"),
                               tr("The account's profile, sessions and prompts on the Investigate page (Ctrl+I)")))
{
    setObjectName(QStringLiteral("eventDetail"));
    m_title->setObjectName(QStringLiteral("eventDetailTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_text->setObjectName(QStringLiteral("eventDetailText"));
    m_text->setOpenLinks(false);
    m_note->setObjectName(QStringLiteral("pinNote"));
    m_note->setPlaceholderText(tr("Why this event matters to the incident"));
    m_pin->setObjectName(QStringLiteral("pinEvent"));
    m_pin->setToolTip(tr("Pin to the incident timeline with this note (Ctrl+P)"));
    m_pin->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_unpin->setObjectName(QStringLiteral("unpinEvent"));

    auto *pivots = new QHBoxLayout;
    pivots->addWidget(new QLabel(tr("Timeline of:")));
    pivots->addWidget(m_pivotAccount);
    pivots->addWidget(m_pivotSession);
    pivots->addWidget(m_pivotIp);
    pivots->addStretch(1);
    pivots->addWidget(m_investigate);
    m_investigate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    auto *pin = new QHBoxLayout;
    pin->addWidget(m_note, 1);
    pin->addWidget(m_pin);
    pin->addWidget(m_unpin);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(pivots);
    layout->addWidget(m_text, 1);
    layout->addLayout(pin);

    connect(m_pin, &QPushButton::clicked, this, [this] {
        if (m_detail)
            Q_EMIT pinRequested(m_detail->row.id, m_note->text().trimmed());
    });
    connect(m_note, &QLineEdit::returnPressed, m_pin, &QPushButton::click);
    connect(m_unpin, &QPushButton::clicked, this, [this] {
        if (m_detail)
            Q_EMIT unpinRequested(m_detail->row.id);
    });
    auto pivotOn = [this](QToolButton *b, const char *kind, std::optional<std::string> core::EventRow::*field) {
        connect(b, &QToolButton::clicked, this, [this, kind, field] {
            if (m_detail && (m_detail->row.*field))
                Q_EMIT pivot(QString::fromLatin1(kind), QString::fromStdString(*(m_detail->row.*field)));
        });
    };
    pivotOn(m_pivotAccount, "account", &core::EventRow::account);
    pivotOn(m_pivotSession, "session", &core::EventRow::session);
    pivotOn(m_pivotIp, "ip", &core::EventRow::sourceIp);
    connect(m_investigate, &QToolButton::clicked, this, [this] {
        if (m_detail && m_detail->row.account)
            Q_EMIT investigate(QString::fromStdString(*m_detail->row.account));
    });
    clear();
}

void EventDetailPane::clear()
{
    m_detail.reset();
    m_title->setText(tr("No event selected"));
    m_text->setHtml(tr("<p style='color:gray'>Select an event to see all its fields and the payload as it arrived.</p>"));
    m_note->clear();
    updateButtons();
}

void EventDetailPane::setWritable(bool writable)
{
    m_writable = writable;
    updateButtons();
}

void EventDetailPane::updateButtons()
{
    const bool any = m_detail.has_value();
    const bool pinned = any && m_detail->pinNote;
    m_note->setEnabled(any && m_writable);
    m_pin->setEnabled(any && m_writable);
    m_pin->setText(pinned ? tr("Update note") : tr("Pin to incident timeline"));
    m_unpin->setVisible(pinned);
    m_unpin->setEnabled(m_writable);
    m_pivotAccount->setEnabled(any && m_detail->row.account);
    m_pivotSession->setEnabled(any && m_detail->row.session);
    m_pivotIp->setEnabled(any && m_detail->row.sourceIp);
    m_investigate->setEnabled(any && m_detail->row.account);
}

void EventDetailPane::showDetail(const core::EventDetail &d)
{
    m_detail = d;
    const core::EventRow &r = d.row;
    m_title->setText(tr("Event %1 · %2").arg(r.id).arg(QString::fromStdString(r.kind)));
    QString h;
    h += QStringLiteral("<table cellspacing=0 cellpadding=2>");
    auto row = [&h](const QString &name, const QString &value) {
        if (!value.isEmpty())
            h += QStringLiteral("<tr><td style='color:gray;padding-right:8px'>%1</td><td>%2</td></tr>").arg(name, value);
    };
    auto opt = [](const std::optional<std::string> &s) { return s ? html(*s) : QString(); };
    row(tr("Event time"), formatLocalTime(r.eventTime));
    row(tr("Recorded"), formatLocalTime(r.recordTime));
    row(tr("Source"), html(r.source));
    row(tr("External id"), html(d.externalId));
    row(tr("Account"), opt(r.account));
    row(tr("Session"), opt(r.session));
    row(tr("Source IP"), opt(r.sourceIp));
    row(tr("User agent"), html(d.userAgent));
    row(tr("Model"), opt(r.model) + (d.modelVersion.empty() ? QString() : QStringLiteral(" (%1)").arg(html(d.modelVersion))));
    row(tr("Provider"), html(d.provider));
    if (r.inputTokens || r.outputTokens)
        row(tr("Tokens"), tr("%1 in, %2 out").arg(r.inputTokens.value_or(0)).arg(r.outputTokens.value_or(0)));
    QStringList flags;
    for (auto n : core::flagNames(r.flags))
        flags << QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
    row(tr("Flags"), flags.join(QStringLiteral(", ")));
    QStringList alerts;
    for (const auto &a : d.alerts)
        alerts << QStringLiteral("#%1 %2 (%3, %4)").arg(a.id).arg(html(a.title), html(a.severity), html(a.status));
    row(tr("Alerts"), alerts.join(QStringLiteral("<br>")));
    row(tr("Pinned"), d.pinNote ? (d.pinNote->empty() ? tr("yes") : html(*d.pinNote)) : QString());
    row(tr("Payload SHA-256"), QStringLiteral("<code>%1</code>").arg(QString::fromStdString(d.payloadSha256)));
    h += QStringLiteral("</table>");
    auto block = [&h](const QString &title, const QString &body) {
        if (!body.isEmpty())
            h += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>%2</pre>").arg(title, body);
    };
    block(tr("Prompt"), html(d.prompt));
    block(tr("Output"), html(d.output));
    if (!d.attributes.empty())
        block(tr("Attributes"), pretty(d.attributes));
    block(tr("Original payload"), pretty(d.payload));
    m_text->setHtml(h);
    m_note->setText(QString::fromStdString(d.pinNote.value_or("")));
    updateButtons();
}

} // namespace cordon::ui
