// Bundled, not fetched: venues often have no internet, and kiosk machines may have no Chinese font.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import HomePage from './pages/HomePage.vue';
import JudgePage from './judge/JudgePage.vue';
import ScreenPage from './screen/ScreenPage.vue';
import { registerServiceWorker } from './service-worker.js';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: HomePage },
    // The console is loaded only by organizers: tablets and screens never download its charts.
    { path: '/admin', component: () => import('./admin/AdminHome.vue') },
    { path: '/admin/series', component: () => import('./admin/SeriesPage.vue') },
    { path: '/admin/events/:eventId', component: () => import('./admin/RunShowPage.vue'), props: true },
    { path: '/admin/events/:eventId/setup', component: () => import('./admin/SetupPage.vue'), props: true },
    { path: '/admin/events/:eventId/review/:roundId', component: () => import('./admin/ReviewPage.vue'), props: true },
    { path: '/admin/events/:eventId/report/:roundId', component: () => import('./admin/report/ReportPage.vue'), props: true },
    { path: '/admin/events/:eventId/commitments', component: () => import('./admin/CommitmentsPage.vue'), props: true },
    // 扫码验真: opened from a signed report's QR code, by anyone.
    { path: '/verify/:eventId/:roundId', component: () => import('./verify/VerifyPage.vue'), props: true },
    { path: '/judge/:token', component: JudgePage, props: true },
    // 承诺—落实: a presenting unit's own page, on a phone, over the weeks after the event.
    { path: '/unit/:token', component: () => import('./unit/UnitPage.vue'), props: true },
    { path: '/screen/:code', component: ScreenPage, props: true },
    // 满意度测评: an attendee's phone, from the QR code on a printed ballot card; a small chunk of its own.
    { path: '/ballot/:code', component: () => import('./ballot/BallotPage.vue'), props: true },
    // 计分员, 复核员, 监督员: each confirms a talk's result before it is read out; a small chunk of its own.
    { path: '/signoff/:token', component: () => import('./signoff/SignoffPage.vue'), props: true },
    // 分课堂: remote viewers on phones, laptops and remote halls' projectors; a small chunk of its own.
    { path: '/live/:code', component: () => import('./viewer/ViewerPage.vue'), props: true },
  ],
});

registerServiceWorker(router);
createApp(App).use(i18n).use(router).mount('#app');
