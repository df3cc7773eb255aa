#include "ui/case_header_widget.h"

#include "ui/time_text.h"
#include "ui/severity_palette.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

QLabel *badge(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setContentsMargins(8, 2, 8, 2);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

void paintBadge(QLabel *label, const QColor &bg, const QColor &fg)
{
    label->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; font-weight: 600; }")
                             .arg(bg.name(), fg.name()));
}

/// A counter: a big number over a small caption.
QLabel *counter(QGridLayout *grid, int column, const QString &caption, const QString &objectName)
{
    auto *value = new QLabel(QStringLiteral("—"));
    value->setObjectName(objectName);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    value->setFont(big);
    auto *label = new QLabel(caption);
    label->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(value, 0, column);
    grid->addWidget(label, 1, column);
    return value;
}

} // namespace

CaseHeaderWidget::CaseHeaderWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("caseHeader"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("caseTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_severity = badge(this, QStringLiteral("severityBadge"));
    m_phase = badge(this, QStringLiteral("phaseBadge"));
    m_exercise = badge(this, QStringLiteral("exerciseBadge"));
    m_exercise->setText(tr("EXERCISE"));
    paintBadge(m_exercise, QColor(0x6a, 0x1b, 0x9a), Qt::white);
    m_type = new QLabel(this);
    m_type->setObjectName(QStringLiteral("incidentType"));
    m_readOnly = new QLabel(this);
    m_readOnly->setObjectName(QStringLiteral("readOnlyNotice"));
    m_readOnly->setWordWrap(true);
    m_readOnly->setStyleSheet(QStringLiteral("QLabel { color: #b26a00; }"));

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addSpacing(12);
    titleRow->addWidget(m_severity);
    titleRow->addWidget(m_phase);
    titleRow->addWidget(m_exercise);
    titleRow->addStretch();

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(36);
    m_events = counter(grid, 0, tr("events"), QStringLiteral("eventCount"));
    m_accounts = counter(grid, 1, tr("accounts"), QStringLiteral("accountCount"));
    m_deadLetters = counter(grid, 2, tr("dead letters"), QStringLiteral("deadLetterCount"));
    m_span = counter(grid, 3, tr("event time span"), QStringLiteral("eventSpan"));
    m_audit = counter(grid, 4, tr("audit entries"), QStringLiteral("auditCount"));
    grid->setColumnStretch(5, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_type);
    layout->addWidget(m_readOnly);
    layout->addSpacing(6);
    layout->addLayout(grid);
}

void CaseHeaderWidget::setSnapshot(const CaseSnapshot &s)
{
    const QLocale locale;
    m_title->setText(QString::fromStdString(s.info.title));
    m_severity->setText(QString::fromUtf8(core::toString(s.info.severity).data()));
    const auto colors = severityColors(s.info.severity, palette());
    paintBadge(m_severity, colors.background, colors.foreground);
    m_phase->setText(tr("Phase: %1").arg(QString::fromUtf8(core::toString(s.info.phase).data())));
    paintBadge(m_phase, isDarkPalette(palette()) ? QColor(0x54, 0x6e, 0x7a) : QColor(0x45, 0x5a, 0x64), Qt::white);
    m_exercise->setVisible(s.info.exercise);
    m_type->setText(tr("Incident type: %1  ·  created %2  ·  %3")
                        .arg(QString::fromStdString(s.info.incidentType).replace(QLatin1Char('_'), QLatin1Char(' ')),
                             formatLocalTime(s.info.createdAt), s.path));
    m_readOnly->setVisible(!s.readOnlyReason.isEmpty());
    m_readOnly->setText(tr("Read-only: %1").arg(s.readOnlyReason));
    m_events->setText(locale.toString(static_cast<qlonglong>(s.stats.events)));
    m_accounts->setText(locale.toString(static_cast<qlonglong>(s.accounts)));
    m_deadLetters->setText(locale.toString(static_cast<qlonglong>(s.stats.deadLetters)));
    if (s.stats.firstEventTime && s.stats.lastEventTime) {
        const double hours = static_cast<double>(*s.stats.lastEventTime - *s.stats.firstEventTime) / 3.6e9;
        m_span->setText(hours >= 48 ? tr("%1 days").arg(hours / 24, 0, 'f', 1) : tr("%1 h").arg(hours, 0, 'f', 1));
        m_span->setToolTip(tr("%1 to %2").arg(formatLocalTime(*s.stats.firstEventTime), formatLocalTime(*s.stats.lastEventTime)));
    } else {
        m_span->setText(QStringLiteral("—"));
    }
    m_audit->setText(locale.toString(static_cast<qlonglong>(s.auditEntries)));
    m_audit->setToolTip(tr("Audit chain head: %1").arg(s.auditHead));
}

} // namespace cordon::ui
