#include "ui/triage/alert_text.h"

#include "ui/qt_text.h"
#include "ui/severity_palette.h"
#include "ui/time_text.h"

#include <QCoreApplication>

namespace cordon::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cordon::ui::AlertText", text);
}

QString minutes(core::TimeUs us)
{
    const qint64 total = (us < 0 ? -us : us) / 1'000'000;
    if (total < 3600)
        return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
}

QString list(const std::vector<std::string> &items)
{
    QString html = QStringLiteral("<ul style='margin-top:2px'>");
    for (const auto &item : items)
        html += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(item).toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}

} // namespace

SlaState slaState(const core::AlertSummary &a, core::TimeUs now)
{
    if (a.acknowledgedAt)
        return a.sla == core::AlertSummary::Sla::Breached ? SlaState::Breached : SlaState::Done;
    const core::TimeUs left = a.slaDueAt - now;
    if (left < 0)
        return SlaState::Breached;
    const core::TimeUs span = a.slaDueAt - a.createdAt;
    return span > 0 && left * 4 < span ? SlaState::Short : SlaState::Running;
}

QString slaText(const core::AlertSummary &a, core::TimeUs now)
{
    if (a.acknowledgedAt)
        return a.sla == core::AlertSummary::Sla::Breached ? tr("missed by %1").arg(minutes(a.slaRemaining)) : tr("met");
    const core::TimeUs left = a.slaDueAt - now;
    return left < 0 ? tr("breached %1 ago").arg(minutes(left)) : tr("%1 left").arg(minutes(left));
}

QColor slaColor(SlaState state, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    if (state == SlaState::Breached)
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xb3, 0x26, 0x1e);
    if (state == SlaState::Short)
        return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa1, 0x5c, 0x00);
    return {};
}

SeverityCounts countBySeverity(const std::vector<core::AlertSummary> &alerts)
{
    SeverityCounts c;
    for (const auto &a : alerts) {
        auto &bucket = isOpen(a.status) ? c.open : c.closed;
        ++bucket[static_cast<std::size_t>(a.severity)];
    }
    return c;
}

QString accountsText(const core::AlertAccounts &accounts)
{
    QStringList names;
    for (const auto &n : accounts.top)
        names << QString::fromStdString(n);
    QString text = names.join(QStringLiteral(", "));
    const auto more = accounts.distinct - static_cast<std::int64_t>(accounts.top.size());
    if (more > 0)
        text += tr(" +%1 more").arg(more);
    return text;
}

QString alertHtml(const core::AlertSummary &a, const core::AlertAccounts &accounts, core::TimeUs now)
{
    QString html = QStringLiteral("<b>%1</b> · %2 · <i>%3</i><br>")
                       .arg(QString::fromStdString(a.title).toHtmlEscaped(), qstr(core::toString(a.severity)),
                            qstr(core::toString(a.status)));
    html += tr("Rule %1 · alert #%2 · %3 events").arg(QString::fromStdString(a.ruleId)).arg(a.id).arg(a.eventCount);
    html += QStringLiteral("<br>") + tr("Events %1 → %2").arg(formatLocalTime(a.firstEventTime), formatLocalTime(a.lastEventTime));
    html += QStringLiteral("<br>") + tr("Response SLA: %1 (due %2)").arg(slaText(a, now), formatLocalTime(a.slaDueAt));
    if (accounts.distinct > 0)
        html += QStringLiteral("<br>") + tr("Accounts: %1").arg(accountsText(accounts).toHtmlEscaped());
    if (!a.assignee.empty())
        html += QStringLiteral("<br>") + tr("Assigned to %1").arg(QString::fromStdString(a.assignee).toHtmlEscaped());
    if (!a.escalationTarget.empty())
        html += QStringLiteral("<br>") + tr("Escalates to %1").arg(QString::fromStdString(a.escalationTarget).toHtmlEscaped());
    if (!a.resolutionReason.empty())
        html += QStringLiteral("<br>") + tr("Closed because: %1").arg(QString::fromStdString(a.resolutionReason).toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b>").arg(tr("Why it fired")) + list(a.criteria);
    if (!a.recommendedActions.empty())
        html += QStringLiteral("<b>%1</b>").arg(tr("Recommended actions")) + list(a.recommendedActions);
    return html;
}

} // namespace cordon::ui
