-- Every dated duty of a year's follow-up (in the year after the results): the remediation plan
-- each flagged unit owes, the breakthrough tasks and the periodic CCHC reports every assessed
-- unit in force that year owes, Nội vụ's own summary; its due date from the framework's rules,
-- and the day it was first delivered (null: never).
-- grain: one row per (year, duty, period, unit_code); unit_code null for Nội vụ's summary
-- reads: marts.unit_year_ranking, marts.unit_year_flag_summary, intermediate.int_unit_years, staging.stg_commitments, staging.stg_period_reports, ref.frameworks, ref.duty_dates, ref.duties, ref.periods
with

owers as (

    select
        ranking.unit_code,
        ranking.unit_name,
        ranking.year,
        ranking.kind,
        ranking.rank_group,
        ranking.framework_code,
    from marts.unit_year_ranking as ranking
    inner join intermediate.int_unit_years as in_force
        on in_force.unit_code = ranking.unit_code
        and in_force.year = ranking.year

),

dates as (  -- a framework's own dates for a duty, else the dates without a framework

    select frameworks.framework_code, dates.duty, dates.period, dates.month, dates.day
    from ref.frameworks as frameworks
    inner join ref.duty_dates as dates
        on dates.framework_code = frameworks.framework_code
        or (
            dates.framework_code is null
            and not exists (
                select 1 from ref.duty_dates as own
                where own.framework_code = frameworks.framework_code and own.duty = dates.duty
            )
        )

),

plans as (

    select owers.*, 'plan' as duty, 'year' as period, flags.plan_due_date as due_date
    from owers
    inner join marts.unit_year_flag_summary as flags
        on flags.unit_code = owers.unit_code
        and flags.year = owers.year
    where flags.plan_required

),

dated as (

    select owers.*, dates.duty, dates.period, make_date(owers.year + 1, dates.month, dates.day) as due_date
    from owers
    inner join dates
        on dates.framework_code = owers.framework_code
        and dates.duty in ('tasks', 'unit_report')

),

summaries as (

    select
        null::varchar as unit_code,
        null::varchar as unit_name,
        owers.year,
        null::varchar as kind,
        null::varchar as rank_group,
        null::varchar as framework_code,
        'summary' as duty,
        dates.period,
        min(make_date(owers.year + 1, dates.month, dates.day)) as due_date,
    from owers
    inner join dates
        on dates.framework_code = owers.framework_code
        and dates.duty = 'summary'
    group by owers.year, dates.period

),

owed as (

    select * from plans
    union all by name
    select * from dated
    union all by name
    select * from summaries

),

commitments_sent as (

    select
        unit_code,
        year,
        case kind when 'remediation' then 'plan' else 'tasks' end as duty,
        min(registered_date) as delivered_date,
    from staging.stg_commitments
    group by all

),

reports_sent as (

    select unit_code, year, duty, period, min(received_date) as delivered_date,
    from staging.stg_period_reports
    group by all

),

final as (

    select
        owed.year,
        owed.duty,
        duties.duty_name,
        duties.owner_name,
        owed.period,
        periods.period_name,
        owed.unit_code,
        owed.unit_name,
        owed.kind,
        owed.rank_group,
        owed.due_date,
        coalesce(commitments_sent.delivered_date, reports_sent.delivered_date) as delivered_date,
        duties.sort_order as duty_order,
        periods.sort_order as period_order,
    from owed
    inner join ref.duties as duties on duties.duty = owed.duty
    inner join ref.periods as periods on periods.period = owed.period
    left join commitments_sent
        on commitments_sent.unit_code = owed.unit_code
        and commitments_sent.year = owed.year
        and commitments_sent.duty = owed.duty
    left join reports_sent
        on reports_sent.unit_code is not distinct from owed.unit_code
        and reports_sent.year = owed.year
        and reports_sent.duty = owed.duty
        and reports_sent.period = owed.period

)

select * from final
