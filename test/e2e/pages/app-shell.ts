import { expect, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DataPage } from './data-page'
import { ExplorePage } from './explore-page'
import { ForecastPage } from './forecast-page'
import { PlansPage } from './plans-page'
import { PoliciesPage } from './policies-page'
import { ReconcilePage } from './reconcile-page'
import { ScenariosPage } from './scenarios-page'

export type PageName = 'data' | 'explore' | 'forecast' | 'scenarios' | 'policies' | 'plans' | 'reconcile'

/** The frame around every page: navigation, header, toasts. */
export class AppShell {
  readonly workspaceName: Locator
  readonly demoBadge: Locator
  readonly headerTotal: Locator
  readonly toasts: Locator
  /** Page objects, for when the app itself navigated (e.g. to a new plan). */
  readonly dataPage: DataPage
  readonly explorePage: ExplorePage
  readonly forecastPage: ForecastPage
  readonly scenariosPage: ScenariosPage
  readonly plansPage: PlansPage
  readonly reconcilePage: ReconcilePage

  constructor(readonly page: Page) {
    this.dataPage = new DataPage(page)
    this.explorePage = new ExplorePage(page)
    this.forecastPage = new ForecastPage(page)
    this.scenariosPage = new ScenariosPage(page)
    this.plansPage = new PlansPage(page)
    this.reconcilePage = new ReconcilePage(page)
    this.workspaceName = page.getByTestId('workspace-name')
    this.demoBadge = page.getByTestId('demo-badge')
    this.headerTotal = page.getByTestId('header-total')
    this.toasts = page.getByTestId('toast')
  }

  navButton(name: PageName): Locator {
    return this.page.getByRole('navigation', { name: 'Pages' }).getByTestId(`nav-${name}`)
  }

  private async open<T>(name: PageName, make: () => T): Promise<T> {
    await this.navButton(name).click()
    await expect(this.navButton(name)).toHaveAttribute('aria-current', 'page')
    await expect(this.page.getByTestId(`page-${name}`)).toBeVisible()
    return make()
  }

  data = (): Promise<DataPage> => this.open('data', () => this.dataPage)
  explore = (): Promise<ExplorePage> => this.open('explore', () => this.explorePage)
  forecast = (): Promise<ForecastPage> => this.open('forecast', () => this.forecastPage)
  scenarios = (): Promise<ScenariosPage> => this.open('scenarios', () => this.scenariosPage)
  plans = (): Promise<PlansPage> => this.open('plans', () => this.plansPage)
  policies = (): Promise<PoliciesPage> => this.open('policies', () => new PoliciesPage(this.page))
  reconcile = (): Promise<ReconcilePage> => this.open('reconcile', () => this.reconcilePage)

  /** Page shown now, without navigating. */
  current(name: PageName): Locator {
    return this.page.getByTestId(`page-${name}`)
  }

  /** Full-page capture into test-results/screenshots/<spec>/<name>.png, for a person to look at. */
  async screenshot(spec: string, name: string): Promise<string> {
    const path = join('test-results', 'screenshots', spec, `${name}.png`)
    mkdirSync(dirname(path), { recursive: true })
    // Charts draw with a short animation: capture once every chart on screen reports it has finished.
    await expect(this.page.locator('.echart[data-rendered="false"]')).toHaveCount(0)
    // Sticky chrome is captured where it sits: start from the top so it sits at the top.
    await this.page.evaluate('window.scrollTo(0, 0)')
    await this.page.screenshot({ path, fullPage: true })
    return path
  }
}
