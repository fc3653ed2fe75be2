import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import AdminHome from './admin/AdminHome.vue';
import ReviewPage from './admin/ReviewPage.vue';
import RunShowPage from './admin/RunShowPage.vue';
import SetupPage from './admin/SetupPage.vue';
import HomePage from './pages/HomePage.vue';
import JudgePage from './judge/JudgePage.vue';
import ScreenPage from './screen/ScreenPage.vue';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: HomePage },
    { path: '/admin', component: AdminHome },
    { path: '/admin/events/:eventId', component: RunShowPage, props: true },
    { path: '/admin/events/:eventId/setup', component: SetupPage, props: true },
    { path: '/admin/events/:eventId/review/:roundId', component: ReviewPage, props: true },
    { path: '/judge/:token', component: JudgePage, props: true },
    { path: '/screen/:code', component: ScreenPage, props: true },
  ],
});

createApp(App).use(i18n).use(router).mount('#app');
