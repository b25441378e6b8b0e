// GET /__admin/experiences: every experience as compiled (schedule instants, variation bucket ranges) and
// whether it can be served at the mock's clock now. What the debugging page draws; nothing is recomputed there.
import type { FastifyInstance } from 'fastify'
import type { AdminAudienceView, AdminExperiences, AdminExperienceView } from '../../../generated/types.js'
import type { CompiledAudience, CompiledExperience } from '../../../fixtures/model.js'
import { DEFAULT_TIME_ZONE } from '../../../fixtures/schedule.js'
import { bucketRanges } from '../../../targeting/bucketing.js'
import { availability } from '../../../targeting/evaluate.js'
import type { MockState } from '../../state.js'

export async function adminExperienceRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  fastify.get<{ Reply: AdminExperiences }>('/experiences', async () => {
    const now = state.clock.read()
    const { workspaces, document } = state.fixtures.current
    return {
      now: now.toISOString(),
      workspaces: [...workspaces.values()].map((ws) => ({
        id: ws.id,
        time_zone: document.workspaces.find((w) => w.id === ws.id)?.time_zone ?? DEFAULT_TIME_ZONE,
        experiences: ws.experiences.map((e) => experienceView(e, now.getTime()))
      }))
    }
  })
}

function experienceView (e: CompiledExperience, nowMs: number): AdminExperienceView {
  const s = e.schedule
  return {
    key: e.key,
    name: e.name,
    status: e.status,
    campaign_id: e.campaignId,
    availability: availability(e, nowMs),
    respect_global_control_group: e.respectGlobalControlGroup,
    ...(s === undefined
      ? {}
      : {
          schedule: {
            start: s.start,
            ...(s.end === undefined ? {} : { end: s.end }),
            time_zone: s.timeZone,
            start_utc: new Date(s.startMs).toISOString(),
            ...(s.endMs === undefined ? {} : { end_utc: new Date(s.endMs).toISOString() })
          }
        }),
    audiences: e.audiences.map(audienceView)
  }
}

function audienceView (a: CompiledAudience): AdminAudienceView {
  const ranges = bucketRanges(a.variations)
  return {
    id: a.id,
    name: a.name,
    all_users: a.conditionSource === undefined,
    ...(a.conditionSource === undefined ? {} : { conditions: a.conditionSource }),
    control_group_percent: a.controlGroupPercent,
    variations: a.variations.map((v, i) => ({ id: v.id, ...(v.name === undefined ? {} : { name: v.name }), weight: v.weight, range: ranges[i] ?? [0, 0] }))
  }
}
