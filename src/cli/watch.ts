// --watch: reload the fixture file when it changes. The new set is validated first and swapped in whole;
// a bad version is reported (file, pointer, reason) and the last good set keeps being served.
import { watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { loadFixtureFile, type LoadOptions } from '../fixtures/load.js'
import type { CompiledFixtures } from '../fixtures/model.js'
import { FixtureError } from '../fixtures/problems.js'

export interface WatchHandlers {
  loaded: (fixtures: CompiledFixtures) => void
  refused: (error: FixtureError) => void
}

/** Starts watching; returns a function that stops. */
export function watchFixtureFile (file: string, on: WatchHandlers, options: LoadOptions = {}, debounceMs = 75): () => void {
  // The folder is watched, not the file: editors often save by writing a new file and renaming it.
  const name = path.basename(file)
  let timer: NodeJS.Timeout | undefined
  let generation = 0
  const reload = (): void => {
    const mine = ++generation
    loadFixtureFile(file, options).then((fixtures) => {
      if (mine === generation) on.loaded(fixtures)
    }, (err: unknown) => {
      if (mine !== generation) return
      on.refused(err instanceof FixtureError ? err : new FixtureError([{ file, pointer: '', message: String(err) }]))
    })
  }
  const watcher: FSWatcher = watch(path.dirname(path.resolve(file)), (_event, changed) => {
    if (changed !== null && changed !== name) return
    clearTimeout(timer)
    timer = setTimeout(reload, debounceMs)
  })
  // The folder may disappear (a temp folder, a branch switch): say so and stop watching, never crash.
  watcher.on('error', (err) => {
    on.refused(new FixtureError([{ file, pointer: '', message: `stopped watching: ${err.message}` }]))
    watcher.close()
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
