// Recovery plans: the list, the plan open in the detail view, and the editor's draft. The engine validates
// every edit (plans:update); the store keeps the draft and shows the engine's reasons.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PlanSummary } from '../../src-main/contract/estate.ts';
import type { InputOf } from '../../src-main/contract/index.ts';
import type { ActionDirection, OperationKind, PlanAction, PlanGroup, RecoveryPlan } from '../../src-main/contract/wire.ts';
import { call, on } from '../api/client.ts';

export const usePlansStore = defineStore('plans', () => {
  const plans = ref<PlanSummary[]>([]);
  const current = ref<RecoveryPlan | null>(null);
  const draft = ref<RecoveryPlan | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const editError = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      plans.value = await call('plans:list', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function open(planId: string): Promise<void> {
    try {
      current.value = await call('plans:get', { planId });
      error.value = null;
    } catch (failure) {
      current.value = null;
      error.value = (failure as Error).message;
    }
  }

  async function create(input: InputOf<'plans:create'>): Promise<RecoveryPlan | null> {
    saving.value = true;
    try {
      const plan = await call('plans:create', input);
      editError.value = null;
      await load();
      return plan;
    } catch (failure) {
      editError.value = (failure as Error).message;
      return null;
    } finally {
      saving.value = false;
    }
  }

  function startEditing(): void {
    draft.value = current.value ? (JSON.parse(JSON.stringify(current.value)) as RecoveryPlan) : null;
    editError.value = null;
  }

  function cancelEditing(): void {
    draft.value = null;
    editError.value = null;
  }

  function draftGroup(groupId: string): PlanGroup | undefined {
    return draft.value?.groups.find((group) => group.id === groupId);
  }

  // Draft edits: the renderer only arranges the draft; whether it is a valid plan is the engine's answer on save.
  function addGroup(): void {
    const groups = draft.value?.groups;
    if (!groups) return;
    const ids = new Set(groups.map((group) => group.id));
    let n = groups.length + 1;
    while (ids.has(`g${n}`)) n += 1;
    groups.push({ id: `g${n}`, name: `Group ${groups.length + 1}`, members: [], before: [], after: [] });
  }

  function moveGroup(index: number, delta: -1 | 1): void {
    const groups = draft.value?.groups;
    const [group] = groups?.splice(index, 1) ?? [];
    if (groups && group) groups.splice(index + delta, 0, group);
  }

  function removeGroup(index: number): void {
    draft.value?.groups.splice(index, 1);
  }

  function addMember(groupId: string, itemId: string): void {
    draftGroup(groupId)?.members.push(itemId);
  }

  function removeMember(groupId: string, itemId: string): void {
    const group = draftGroup(groupId);
    if (group) group.members = group.members.filter((id) => id !== itemId);
  }

  function addAction(groupId: string, position: 'before' | 'after', action: PlanAction): void {
    draftGroup(groupId)?.[position].push(action);
  }

  /** The operations and directions an action runs in (absent directions: both ways). */
  function scopeAction(groupId: string, position: 'before' | 'after', actionId: string, runOn: OperationKind[], directions: ActionDirection[] | undefined): void {
    const action = draftGroup(groupId)?.[position].find((candidate) => candidate.id === actionId);
    if (!action) return;
    action.runOn = [...runOn];
    if (directions) action.directions = [...directions];
    else delete action.directions;
  }

  function removeAction(groupId: string, position: 'before' | 'after', actionId: string): void {
    const group = draftGroup(groupId);
    if (group) group[position] = group[position].filter((action) => action.id !== actionId);
  }

  /** Sends the whole draft; the engine's refusal (every problem) stays on screen and the draft stays open. */
  async function saveDraft(): Promise<boolean> {
    if (!draft.value) return false;
    saving.value = true;
    try {
      current.value = await call('plans:update', { plan: JSON.parse(JSON.stringify(draft.value)) as RecoveryPlan });
      draft.value = null;
      editError.value = null;
      await load();
      return true;
    } catch (failure) {
      editError.value = (failure as Error).message;
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function remove(planId: string): Promise<boolean> {
    try {
      await call('plans:delete', { planId });
      current.value = null;
      await load();
      return true;
    } catch (failure) {
      error.value = (failure as Error).message;
      return false;
    }
  }

  on('estate:changed', () => {
    if (plans.value.length > 0) void load();
    if (current.value && !draft.value) void open(current.value.id);
  });

  return { plans, current, draft, loading, saving, error, editError, load, open, create, startEditing, cancelEditing, addGroup, moveGroup, removeGroup, addMember, removeMember, addAction, scopeAction, removeAction, saveDraft, remove };
});
